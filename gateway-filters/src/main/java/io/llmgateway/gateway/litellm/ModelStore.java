package io.llmgateway.gateway.litellm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The deployments added at run time, in the gateway's database ({@code llm_model_deployment}). Blocking JDBC: call
 * it from the database executor or the poller thread, never from the event loop.
 */
final class ModelStore {

	/** One stored deployment, as the client sent it (JSON text). */
	record StoredModel(String id, String name, String params, String info) {
	}

	private final JdbcTemplate jdbc;

	ModelStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	List<StoredModel> all() {
		return jdbc.query("SELECT model_id, model_name, litellm_params, model_info FROM llm_model_deployment"
				+ " ORDER BY created_at, model_id",
				(rs, n) -> new StoredModel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
	}

	StoredModel find(String id) {
		List<StoredModel> rows = jdbc.query("SELECT model_id, model_name, litellm_params, model_info FROM"
				+ " llm_model_deployment WHERE model_id = ?",
				(rs, n) -> new StoredModel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	void insert(StoredModel m) {
		Timestamp now = Timestamp.from(Instant.now());
		jdbc.update("INSERT INTO llm_model_deployment (model_id, model_name, litellm_params, model_info, created_at,"
				+ " updated_at) VALUES (?, ?, ?, ?, ?, ?)", m.id(), m.name(), m.params(), m.info(), now, now);
	}

	boolean update(StoredModel m) {
		return jdbc.update("UPDATE llm_model_deployment SET model_name = ?, litellm_params = ?, model_info = ?,"
				+ " updated_at = ? WHERE model_id = ?", m.name(), m.params(), m.info(), Timestamp.from(Instant.now()),
				m.id()) == 1;
	}

	boolean delete(String id) {
		return jdbc.update("DELETE FROM llm_model_deployment WHERE model_id = ?", id) == 1;
	}
}
