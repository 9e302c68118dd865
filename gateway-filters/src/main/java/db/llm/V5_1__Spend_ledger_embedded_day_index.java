package db.llm;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On the embedded H2 database only, drops the index on {@code spend_day} too (see {@link V5_0__Spend_ledger_embedded_indexes}
 * for why each index matters there): {@code spend_day} is the UTC date of {@code started_at}, so every query that
 * selects days selects the same rows through the {@code started_at} index, which stays. One B-tree insert, undo-log
 * entry and commit step less per ledger row (about 2 KB of garbage on the gateway's core). PostgreSQL keeps it.
 */
public class V5_1__Spend_ledger_embedded_day_index extends BaseJavaMigration {

	static final String DROPPED = "llm_spend_log_day_idx";

	@Override
	public void migrate(Context context) throws Exception {
		V5_0__Spend_ledger_embedded_indexes.dropOnH2(context, DROPPED);
	}
}
