package db.llm;

import java.sql.Connection;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On the embedded H2 database only, drops the ledger indexes its queries do not need. The embedded database runs in
 * the gateway's process, on the gateway's cores: every index on {@code llm_spend_log} costs each ledger row a
 * copy-on-write B-tree insert, an undo-log entry and a commit step, about 2.5 KB of garbage and a seventh of the
 * insert's CPU. {@code (key_id | team_id | user_id, spend_day)} are written at 50-odd places at once (one per key)
 * and serve no query that would not scan the table anyway: the budget totals group the whole ledger by id, and the
 * reports and the console filter by time ({@code started_at}, {@code spend_day}, both kept). PostgreSQL keeps them:
 * there the insert costs the database's cores, not the gateway's. Java, not SQL, because the change depends on the
 * database and the migrations have one location for both (recreate them on H2 with the statements in
 * {@code V1_0__spend_ledger.sql} if an H2 ledger grows large and is queried by key).
 */
public class V5_0__Spend_ledger_embedded_indexes extends BaseJavaMigration {

	static final String[] DROPPED = { "llm_spend_log_key_idx", "llm_spend_log_team_idx", "llm_spend_log_user_idx" };

	@Override
	public void migrate(Context context) throws Exception {
		dropOnH2(context, DROPPED);
	}

	/** Drops the indexes when the database is the embedded H2; leaves any other database as it is. */
	static void dropOnH2(Context context, String... indexes) throws Exception {
		Connection c = context.getConnection();
		if (!"H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
			return;
		}
		try (Statement s = c.createStatement()) {
			for (String index : indexes) {
				s.execute("DROP INDEX IF EXISTS " + index);
			}
		}
	}
}
