package io.llmgateway.gateway.auth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.llmgateway.gateway.auth.AdminJson.badRequest;
import static io.llmgateway.gateway.auth.AdminJson.bool;
import static io.llmgateway.gateway.auth.AdminJson.has;
import static io.llmgateway.gateway.auth.AdminJson.notFound;
import static io.llmgateway.gateway.auth.AdminJson.objects;
import static io.llmgateway.gateway.auth.AdminJson.quota;
import static io.llmgateway.gateway.auth.AdminJson.requiredText;
import static io.llmgateway.gateway.auth.AdminJson.strings;
import static io.llmgateway.gateway.auth.AdminJson.text;

/**
 * The admin operations on teams (LiteLLM's {@code /team/*}), as blocking methods run on the database executor. Each
 * change forgets the cached quotas and grants on this instance; other instances see it within
 * {@code llm.keys.cache-ttl}.
 */
public class TeamAdminService {

	private final KeyStore store;

	private final KeyAuthenticator authenticator;

	private final QuotaDirectory directory;

	private final ObjectMapper json;

	private final Clock clock;

	public TeamAdminService(KeyStore store, KeyAuthenticator authenticator, QuotaDirectory directory,
			ObjectMapper json, Clock clock) {
		this.store = store;
		this.authenticator = authenticator;
		this.directory = directory;
		this.json = json;
		this.clock = clock;
	}

	private OffsetDateTime now() {
		return AdminJson.now(clock);
	}

	public Map<String, Object> newTeam(JsonNode body) {
		OffsetDateTime now = now();
		String id = text(body, "team_id");
		TeamRecord t = new TeamRecord(id == null ? UUID.randomUUID().toString() : id, text(body, "team_alias"),
				quota(body, Quota.NONE), objects(body, "metadata", json), Boolean.TRUE.equals(bool(body, "blocked")),
				now, now);
		try {
			store.insertTeam(t);
		}
		catch (DuplicateKeyException ex) {
			throw badRequest("team_id already exists: " + t.teamId());
		}
		directory.invalidateAll();
		authenticator.invalidateAll();
		return AdminJson.team(t);
	}

	public Map<String, Object> updateTeam(JsonNode body) {
		TeamRecord t = requireTeam(requiredText(body, "team_id"));
		TeamRecord updated = new TeamRecord(t.teamId(),
				has(body, "team_alias") ? text(body, "team_alias") : t.teamAlias(), quota(body, t.quota()),
				has(body, "metadata") ? objects(body, "metadata", json) : t.metadata(),
				has(body, "blocked") ? Boolean.TRUE.equals(bool(body, "blocked")) : t.blocked(), t.createdAt(), now());
		store.updateTeam(updated);
		directory.invalidateAll();
		authenticator.invalidateAll();
		return AdminJson.team(updated);
	}

	public Map<String, Object> teamInfo(String teamId) {
		TeamRecord t = requireTeam(teamId);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("team_id", t.teamId());
		out.put("team_info", AdminJson.team(t));
		out.put("keys", store.listKeys(teamId, null, null, 1, 10_000).stream().map(AdminJson::key).toList());
		return out;
	}

	public List<Map<String, Object>> listTeams() {
		return store.listTeams().stream().map(AdminJson::team).toList();
	}

	/** {@code /team/delete}: the teams and their keys (as LiteLLM does). */
	public Map<String, Object> deleteTeams(JsonNode body) {
		List<String> ids = strings(body, "team_ids");
		if (ids == null || ids.isEmpty()) {
			throw badRequest("team_ids is required");
		}
		for (String id : ids) {
			List<String> tokens = store.listKeys(id, null, null, 1, 100_000).stream().map(KeyRecord::token).toList();
			store.deleteKeys(tokens);
		}
		List<String> deleted = store.deleteTeams(ids);
		if (deleted.isEmpty()) {
			throw notFound("No such team");
		}
		directory.invalidateAll();
		authenticator.invalidateAll();
		return Map.of("deleted_teams", deleted);
	}

	private TeamRecord requireTeam(String teamId) {
		if (teamId == null) {
			throw badRequest("team_id is required");
		}
		TeamRecord t = store.findTeam(teamId);
		if (t == null) {
			throw notFound("No such team: " + teamId);
		}
		return t;
	}
}
