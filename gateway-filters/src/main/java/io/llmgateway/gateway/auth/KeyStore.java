package io.llmgateway.gateway.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocking JDBC access to keys, teams and users (tables of migration {@code V2_0}). Callers run it on
 * {@link io.llmgateway.gateway.store.LlmDatabase}'s executor, never on the event loop. Lists and maps are JSON text.
 */
public class KeyStore {

	private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Long>> LONGS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> OBJECTS = new TypeReference<>() {
	};

	private static final String QUOTA_COLUMNS = "models, max_budget, soft_budget, budget_duration, tpm_limit, "
			+ "rpm_limit, max_parallel_requests";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final RowMapper<KeyRecord> keyRow = this::keyRecord;

	private final RowMapper<TeamRecord> teamRow = this::teamRecord;

	private final RowMapper<UserRecord> userRow = this::userRecord;

	public KeyStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	// ---- keys

	public void insertKey(KeyRecord k) {
		Quota q = k.quota();
		jdbc.update("INSERT INTO llm_key (token, key_name, key_alias, " + QUOTA_COLUMNS
				+ ", model_tpm_limit, model_rpm_limit, team_id, user_id, expires_at, metadata, blocked, created_at, "
				+ "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", k.token(),
				k.keyName(), k.keyAlias(), write(q.models()), q.maxBudget(), q.softBudget(), q.budgetDuration(),
				q.tpmLimit(), q.rpmLimit(), q.maxParallelRequests(), write(q.modelTpmLimit()),
				write(q.modelRpmLimit()), k.teamId(), k.userId(), k.expiresAt(), write(k.metadata()), k.blocked(),
				k.createdAt(), k.updatedAt());
	}

	/** Rewrites every column of the key named by {@code previousToken} (regeneration changes the token itself). */
	public boolean updateKey(String previousToken, KeyRecord k) {
		Quota q = k.quota();
		return jdbc.update("UPDATE llm_key SET token = ?, key_name = ?, key_alias = ?, models = ?, max_budget = ?, "
				+ "soft_budget = ?, budget_duration = ?, tpm_limit = ?, rpm_limit = ?, max_parallel_requests = ?, "
				+ "model_tpm_limit = ?, model_rpm_limit = ?, team_id = ?, user_id = ?, expires_at = ?, metadata = ?, "
				+ "blocked = ?, updated_at = ? WHERE token = ?", k.token(), k.keyName(), k.keyAlias(),
				write(q.models()), q.maxBudget(), q.softBudget(), q.budgetDuration(), q.tpmLimit(), q.rpmLimit(),
				q.maxParallelRequests(), write(q.modelTpmLimit()), write(q.modelRpmLimit()), k.teamId(), k.userId(),
				k.expiresAt(), write(k.metadata()), k.blocked(), k.updatedAt(), previousToken) == 1;
	}

	public KeyRecord findKey(String token) {
		return first(jdbc.query("SELECT * FROM llm_key WHERE token = ?", keyRow, token));
	}

	public KeyRecord findKeyByAlias(String alias) {
		return first(jdbc.query("SELECT * FROM llm_key WHERE key_alias = ?", keyRow, alias));
	}

	public List<String> deleteKeys(Collection<String> tokens) {
		List<String> deleted = new ArrayList<>();
		for (String token : tokens) {
			if (jdbc.update("DELETE FROM llm_key WHERE token = ?", token) == 1) {
				deleted.add(token);
			}
		}
		return deleted;
	}

	/** One page of keys, newest first, optionally of one team, user or alias. */
	public List<KeyRecord> listKeys(String teamId, String userId, String alias, int page, int size) {
		Where w = keyFilter(teamId, userId, alias);
		List<Object> args = new ArrayList<>(w.args);
		args.add(size);
		args.add((long) (page - 1) * size);
		return jdbc.query("SELECT * FROM llm_key" + w.sql + " ORDER BY created_at DESC, token LIMIT ? OFFSET ?", keyRow,
				args.toArray());
	}

	public long countKeys(String teamId, String userId, String alias) {
		Where w = keyFilter(teamId, userId, alias);
		Long n = jdbc.queryForObject("SELECT COUNT(*) FROM llm_key" + w.sql, Long.class, w.args.toArray());
		return n == null ? 0 : n;
	}

	private static Where keyFilter(String teamId, String userId, String alias) {
		StringBuilder sql = new StringBuilder();
		List<Object> args = new ArrayList<>();
		if (teamId != null) {
			sql.append(" AND team_id = ?");
			args.add(teamId);
		}
		if (userId != null) {
			sql.append(" AND user_id = ?");
			args.add(userId);
		}
		if (alias != null) {
			sql.append(" AND key_alias = ?");
			args.add(alias);
		}
		return new Where(sql.isEmpty() ? "" : " WHERE" + sql.substring(4), args);
	}

	private record Where(String sql, List<Object> args) {
	}

	// ---- teams

	public void insertTeam(TeamRecord t) {
		Quota q = t.quota();
		jdbc.update("INSERT INTO llm_team (team_id, team_alias, " + QUOTA_COLUMNS
				+ ", model_tpm_limit, model_rpm_limit, metadata, blocked, created_at, updated_at) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", t.teamId(), t.teamAlias(), write(q.models()),
				q.maxBudget(), q.softBudget(), q.budgetDuration(), q.tpmLimit(), q.rpmLimit(),
				q.maxParallelRequests(), write(q.modelTpmLimit()), write(q.modelRpmLimit()), write(t.metadata()),
				t.blocked(), t.createdAt(), t.updatedAt());
	}

	public boolean updateTeam(TeamRecord t) {
		Quota q = t.quota();
		return jdbc.update("UPDATE llm_team SET team_alias = ?, models = ?, max_budget = ?, soft_budget = ?, "
				+ "budget_duration = ?, tpm_limit = ?, rpm_limit = ?, max_parallel_requests = ?, model_tpm_limit = ?, "
				+ "model_rpm_limit = ?, metadata = ?, blocked = ?, updated_at = ? WHERE team_id = ?", t.teamAlias(),
				write(q.models()), q.maxBudget(), q.softBudget(), q.budgetDuration(), q.tpmLimit(), q.rpmLimit(),
				q.maxParallelRequests(), write(q.modelTpmLimit()), write(q.modelRpmLimit()), write(t.metadata()),
				t.blocked(), t.updatedAt(), t.teamId()) == 1;
	}

	public TeamRecord findTeam(String teamId) {
		return first(jdbc.query("SELECT * FROM llm_team WHERE team_id = ?", teamRow, teamId));
	}

	public List<TeamRecord> listTeams() {
		return jdbc.query("SELECT * FROM llm_team ORDER BY created_at, team_id", teamRow);
	}

	public List<String> deleteTeams(Collection<String> teamIds) {
		List<String> deleted = new ArrayList<>();
		for (String id : teamIds) {
			if (jdbc.update("DELETE FROM llm_team WHERE team_id = ?", id) == 1) {
				deleted.add(id);
			}
		}
		return deleted;
	}

	// ---- users

	public void insertUser(UserRecord u) {
		Quota q = u.quota();
		jdbc.update("INSERT INTO llm_user (user_id, user_email, user_role, teams, " + QUOTA_COLUMNS
				+ ", metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				u.userId(), u.userEmail(), u.userRole(), write(u.teams()), write(q.models()), q.maxBudget(),
				q.softBudget(), q.budgetDuration(), q.tpmLimit(), q.rpmLimit(), q.maxParallelRequests(),
				write(u.metadata()), u.createdAt(), u.updatedAt());
	}

	public boolean updateUser(UserRecord u) {
		Quota q = u.quota();
		return jdbc.update("UPDATE llm_user SET user_email = ?, user_role = ?, teams = ?, models = ?, max_budget = ?, "
				+ "soft_budget = ?, budget_duration = ?, tpm_limit = ?, rpm_limit = ?, max_parallel_requests = ?, "
				+ "metadata = ?, updated_at = ? WHERE user_id = ?", u.userEmail(), u.userRole(), write(u.teams()),
				write(q.models()), q.maxBudget(), q.softBudget(), q.budgetDuration(), q.tpmLimit(), q.rpmLimit(),
				q.maxParallelRequests(), write(u.metadata()), u.updatedAt(), u.userId()) == 1;
	}

	public List<String> deleteUsers(Collection<String> userIds) {
		List<String> deleted = new ArrayList<>();
		for (String id : userIds) {
			if (jdbc.update("DELETE FROM llm_user WHERE user_id = ?", id) == 1) {
				deleted.add(id);
			}
		}
		return deleted;
	}

	public UserRecord findUser(String userId) {
		return first(jdbc.query("SELECT * FROM llm_user WHERE user_id = ?", userRow, userId));
	}

	// ---- mapping

	private KeyRecord keyRecord(ResultSet rs, int row) throws SQLException {
		return new KeyRecord(rs.getString("token"), rs.getString("key_name"), rs.getString("key_alias"),
				quota(rs, true), rs.getString("team_id"), rs.getString("user_id"), time(rs, "expires_at"),
				read(rs.getString("metadata"), OBJECTS), rs.getBoolean("blocked"), time(rs, "created_at"),
				time(rs, "updated_at"));
	}

	private TeamRecord teamRecord(ResultSet rs, int row) throws SQLException {
		return new TeamRecord(rs.getString("team_id"), rs.getString("team_alias"), quota(rs, true),
				read(rs.getString("metadata"), OBJECTS), rs.getBoolean("blocked"), time(rs, "created_at"),
				time(rs, "updated_at"));
	}

	private UserRecord userRecord(ResultSet rs, int row) throws SQLException {
		return new UserRecord(rs.getString("user_id"), rs.getString("user_email"), rs.getString("user_role"),
				read(rs.getString("teams"), STRINGS), quota(rs, false), read(rs.getString("metadata"), OBJECTS),
				time(rs, "created_at"), time(rs, "updated_at"));
	}

	private Quota quota(ResultSet rs, boolean perModel) throws SQLException {
		return new Quota(read(rs.getString("models"), STRINGS), rs.getBigDecimal("max_budget"),
				rs.getBigDecimal("soft_budget"), rs.getString("budget_duration"), longOrNull(rs, "tpm_limit"),
				longOrNull(rs, "rpm_limit"), intOrNull(rs, "max_parallel_requests"),
				perModel ? read(rs.getString("model_tpm_limit"), LONGS) : null,
				perModel ? read(rs.getString("model_rpm_limit"), LONGS) : null);
	}

	private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class);
	}

	private static Long longOrNull(ResultSet rs, String column) throws SQLException {
		long v = rs.getLong(column);
		return rs.wasNull() ? null : v;
	}

	private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
		int v = rs.getInt(column);
		return rs.wasNull() ? null : v;
	}

	private String write(Object value) {
		if (value == null || (value instanceof Collection<?> c && c.isEmpty())
				|| (value instanceof Map<?, ?> m && m.isEmpty())) {
			return null;
		}
		return json.writeValueAsString(value);
	}

	private <T> T read(String text, TypeReference<T> type) {
		return text == null || text.isEmpty() ? null : json.readValue(text, type);
	}

	private static <T> T first(List<T> rows) {
		return rows.isEmpty() ? null : rows.get(0);
	}
}
