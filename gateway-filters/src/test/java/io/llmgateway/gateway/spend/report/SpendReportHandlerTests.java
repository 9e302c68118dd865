package io.llmgateway.gateway.spend.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.spend.ledger.SpendRecord;
import io.llmgateway.gateway.spend.ledger.SpendRows;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.H2Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** /spend/logs and /spend/report on H2, behind the master key. */
class SpendReportHandlerTests {

	@TempDir
	java.nio.file.Path spillDir;

	private HikariDataSource h2;

	private WebTestClient client;

	@BeforeEach
	void setUp() {
		h2 = H2Memory.dataSource();
		LlmDatabase db = new LlmDatabase(h2, Executors.newFixedThreadPool(2));
		db.migrate();
		SpendLedger ledger = new SpendLedger(db, spillDir, SpendLedger.Settings.of(100, 1000, Duration.ofMillis(10),
				Duration.ofSeconds(5)));
		ledger.start();
		for (int i = 0; i < 5; i++) {
			ledger.enqueue(row("a" + i, "0.001", "k1", "t1", "gpt-4o", Instant.parse("2026-11-24T10:00:00Z")));
		}
		for (int i = 0; i < 3; i++) {
			ledger.enqueue(row("b" + i, "0.0000005", "k2", "t2", "claude", Instant.parse("2026-11-25T10:00:00Z")));
		}
		ledger.close();
		client = WebTestClient.bindToRouterFunction(new SpendReportHandler(db, new MasterKeyAdminAuthorizer("sk-master"))
			.endpoints().routes()).build();
	}

	@AfterEach
	void tearDown() {
		h2.close();
	}

	private static SpendRecord row(String id, String cost, String key, String team, String model, Instant at) {
		SpendRecord r = SpendRows.row(id, cost, key, team);
		return new SpendRecord(r.requestId(), at, r.durationMs(), r.ttftMs(), r.keyId(), r.keyAlias(), r.userId(),
				r.teamId(), r.endUser(), model, r.deploymentId(), model.startsWith("claude") ? "anthropic" : "openai",
				r.model(), r.routeId(), r.clientProtocol(), r.stream(), r.inputTokens(), r.outputTokens(),
				r.cacheReadTokens(), r.cacheWriteTokens(), r.reasoningTokens(), r.cost(), r.cacheHit(), r.cacheSaving(),
				r.status(), r.outcome(), r.errorType(), r.attempts(), r.priceSource(), r.priceKey(), r.priceVersion(),
				null, null, false, r.entryId());
	}

	@Test
	void aDatabaseNotAvailableAnswers503AtOnce() {
		LlmDatabase notMigrated = new LlmDatabase(h2, Executors.newSingleThreadExecutor());
		SpendReportHandler handler = new SpendReportHandler(notMigrated, new MasterKeyAdminAuthorizer("sk-master"));
		WebTestClient degraded = WebTestClient.bindToRouterFunction(handler.endpoints().routes()).build();
		degraded.get().uri("/spend/logs").header("Authorization", "Bearer sk-master").exchange().expectStatus()
			.isEqualTo(503).expectBody().jsonPath("$.error.type").isEqualTo("server_error");
		notMigrated.close();
	}

	@Test
	void requiresTheMasterKey() {
		client.get().uri("/spend/logs").exchange().expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error.type").isEqualTo("authentication_error");
		client.get().uri("/spend/report").header("Authorization", "Bearer wrong").exchange().expectStatus()
			.isUnauthorized();
	}

	@Test
	void logsFilterAndPage() {
		client.get().uri("/spend/logs?team=t1&size=2&page=1").header("Authorization", "Bearer sk-master").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.data.length()").isEqualTo(2)
			.jsonPath("$.has_more").isEqualTo(true)
			.jsonPath("$.data[0].team_id").isEqualTo("t1")
			.jsonPath("$.data[0].price.source").isEqualTo("builtin");
		client.get().uri("/spend/logs?model=claude&from=2026-11-25&to=2026-11-25").header("Authorization", "Bearer sk-master")
			.exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.data.length()").isEqualTo(3)
			.jsonPath("$.has_more").isEqualTo(false);
		client.get().uri("/spend/logs?from=yesterday").header("Authorization", "Bearer sk-master").exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void reportTotalsByGroup() {
		client.get().uri("/spend/report?group_by=team").header("Authorization", "Bearer sk-master").exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.value(body -> org.assertj.core.api.Assertions.assertThat(body)
				.contains("{\"group\":\"t1\",\"requests\":5,")
				.contains("\"cost\":0.005,")
				.contains("\"cost\":0.0000015,")
				.contains("\"total\":{\"requests\":8,\"cost\":0.0050015}"));
		for (String g : List.of("day", "model", "key", "provider")) {
			client.get().uri("/spend/report?group_by=" + g).header("Authorization", "Bearer sk-master").exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.data.length()").isEqualTo(2);
		}
		client.get().uri("/spend/report?group_by=colour").header("Authorization", "Bearer sk-master").exchange()
			.expectStatus().isBadRequest();
	}
}
