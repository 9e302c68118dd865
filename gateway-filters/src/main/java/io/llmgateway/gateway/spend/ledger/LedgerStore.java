package io.llmgateway.gateway.spend.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

/**
 * Writes ledger rows with plain JDBC batches in one transaction. {@code INSERT ... ON CONFLICT DO NOTHING} (valid on
 * PostgreSQL and on H2 in PostgreSQL mode) makes every write idempotent by entry id (the primary key since migration
 * {@code V3_0}), so a batch whose commit was lost in a network failure, or a journal segment after a crash, can be
 * replayed without duplicates.
 */
final class LedgerStore {

	static final String INSERT = "INSERT INTO llm_spend_log (request_id, started_at, spend_day, duration_ms, ttft_ms, key_id,"
			+ " key_alias, user_id, team_id, end_user, model_alias, deployment_id, provider, model, route_id,"
			+ " client_protocol, stream, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,"
			+ " reasoning_tokens, cost, cache_hit, cache_saving, status, outcome, error_type, attempts, price_source,"
			+ " price_key, price_version, request_body, response_body, usage_estimated, entry_id)"
			+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			+ " ON CONFLICT DO NOTHING";

	private final DataSource dataSource;

	/** Null until known: whether the database is the embedded H2, whose commits reach the disk in the background. */
	private volatile Boolean h2;

	LedgerStore(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Makes every committed row durable, before the journal that holds them is deleted. A PostgreSQL commit already
	 * is. H2 writes its commits to the file in the background (up to {@code WRITE_DELAY}, 500 ms, later), so a
	 * {@code kill -9} just after a commit would lose rows whose journal segment was already gone: it is asked to write
	 * and sync now. Called once per released segment (about once a second), not per batch.
	 */
	void makeDurable() throws SQLException {
		try (Connection c = dataSource.getConnection()) {
			Boolean isH2 = h2;
			if (isH2 == null) {
				isH2 = "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
				h2 = isH2;
			}
			if (isH2) {
				try (Statement s = c.createStatement()) {
					s.execute("CHECKPOINT SYNC");
				}
			}
		}
	}

	/**
	 * Inserts the rows in one transaction; rows already present are left as they are. A driver that fails with an
	 * unchecked throwable on a cut connection (pgjdbc raises an {@link AssertionError} from {@code executeBatch}) is
	 * reported as an outage.
	 */
	void insert(List<SpendRecord> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		try {
			insertBatch(rows);
		}
		catch (RuntimeException | AssertionError ex) {
			throw new SQLTransientConnectionException("JDBC driver failure: " + ex, ex);
		}
	}

	private void insertBatch(List<SpendRecord> rows) throws SQLException {
		try (Connection c = dataSource.getConnection()) {
			boolean autoCommit = c.getAutoCommit();
			c.setAutoCommit(false);
			try (PreparedStatement ps = c.prepareStatement(INSERT)) {
				for (SpendRecord r : rows) {
					bind(ps, r);
					ps.addBatch();
				}
				ps.executeBatch();
				c.commit();
			}
			catch (SQLException | RuntimeException | AssertionError ex) {
				rollbackQuietly(c);
				throw ex;
			}
			finally {
				restoreQuietly(c, autoCommit);
			}
		}
	}

	/**
	 * True when the failure says "the database is not reachable right now" (retry later) rather than "this row can
	 * never be written" (SQL states 22xxx data errors and 23xxx constraint violations).
	 */
	static boolean isOutage(SQLException ex) {
		if (ex instanceof SQLTransientException) {
			return true;
		}
		for (SQLException e = ex; e != null; e = e.getNextException()) {
			String state = e.getSQLState();
			if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
				return false;
			}
		}
		return true;
	}

	private static void bind(PreparedStatement ps, SpendRecord r) throws SQLException {
		int i = 0;
		ps.setString(++i, cut(r.requestId(), 64));
		OffsetDateTime startedAt = r.startedAt().atOffset(ZoneOffset.UTC);
		ps.setObject(++i, startedAt);
		ps.setObject(++i, startedAt.toLocalDate());
		ps.setLong(++i, r.durationMs());
		setLong(ps, ++i, r.ttftMs());
		ps.setString(++i, cut(r.keyId(), 128));
		ps.setString(++i, cut(r.keyAlias(), 256));
		ps.setString(++i, cut(r.userId(), 256));
		ps.setString(++i, cut(r.teamId(), 256));
		ps.setString(++i, cut(r.endUser(), 256));
		ps.setString(++i, cut(r.modelAlias(), 256));
		ps.setString(++i, cut(r.deploymentId(), 256));
		ps.setString(++i, cut(r.provider(), 64));
		ps.setString(++i, cut(r.model(), 256));
		ps.setString(++i, cut(r.routeId(), 256));
		ps.setString(++i, cut(r.clientProtocol(), 32));
		ps.setBoolean(++i, r.stream());
		ps.setLong(++i, r.inputTokens());
		ps.setLong(++i, r.outputTokens());
		ps.setLong(++i, r.cacheReadTokens());
		ps.setLong(++i, r.cacheWriteTokens());
		ps.setLong(++i, r.reasoningTokens());
		ps.setBigDecimal(++i, r.cost());
		ps.setBoolean(++i, r.cacheHit());
		ps.setBigDecimal(++i, r.cacheSaving());
		ps.setInt(++i, r.status());
		ps.setString(++i, cut(r.outcome(), 16));
		ps.setString(++i, cut(r.errorType(), 64));
		ps.setInt(++i, r.attempts());
		ps.setString(++i, cut(r.priceSource(), 16));
		ps.setString(++i, cut(r.priceKey(), 256));
		ps.setString(++i, cut(r.priceVersion(), 64));
		ps.setString(++i, r.requestBody());
		ps.setString(++i, r.responseBody());
		ps.setBoolean(++i, r.usageEstimated());
		ps.setString(++i, cut(r.entryId() != null ? r.entryId() : r.requestId(), 64));
	}

	private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
		if (value == null) {
			ps.setNull(i, Types.BIGINT);
		}
		else {
			ps.setLong(i, value);
		}
	}

	/** Values longer than their column are cut rather than making the whole batch fail forever. */
	private static String cut(String s, int max) {
		return s == null || s.length() <= max ? s : s.substring(0, max);
	}

	private static void rollbackQuietly(Connection c) {
		try {
			c.rollback();
		}
		catch (SQLException ignored) {
			// the connection is broken; the pool discards it
		}
	}

	private static void restoreQuietly(Connection c, boolean autoCommit) {
		try {
			c.setAutoCommit(autoCommit);
		}
		catch (SQLException ignored) {
			// the connection is broken; the pool discards it
		}
	}
}
