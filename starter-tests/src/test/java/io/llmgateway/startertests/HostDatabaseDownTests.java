package io.llmgateway.startertests;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application has its own PostgreSQL datasource (with Spring JDBC, the driver and Flyway on its classpath) and
 * that database is down (a port nothing listens on): the gateway still starts, the application's routes work, and the
 * LLM route answers with the master key; also when the gateway was told to use that datasource for its own tables.
 */
class HostDatabaseDownTests {

	@Test
	void theGatewayStartsAndTheApplicationsRoutesWork() throws Exception {
		startWithTheDatabaseDown(List.of());
	}

	@Test
	void evenWhenTheGatewayUsesTheApplicationsDatasource() throws Exception {
		startWithTheDatabaseDown(List.of("--llm.datasource.use-application-datasource=true"));
	}

	private static void startWithTheDatabaseDown(List<String> extra) throws Exception {
		try (Upstream upstream = new Upstream()) {
			List<String> args = new ArrayList<>(StarterAsGuestTests.args(upstream.url(), StarterAsGuestTests.MASTER));
			args.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + ChildGateway.freePort() + "/test");
			args.add("--spring.datasource.username=postgres");
			args.add("--spring.datasource.hikari.connection-timeout=2000");
			args.addAll(extra);
			try (ChildGateway gateway = ChildGateway.start("app-with-jdbc-classpath.txt", args)) {
				HttpResponse<String> own = gateway.get("/health", Map.of());
				assertThat(own.body()).isEqualTo("{\"from\":\"app\"}");
				HttpResponse<String> llm = gateway.post("/v1/chat/completions", StarterAsGuestTests.CHAT,
						Map.of("Authorization", "Bearer " + StarterAsGuestTests.MASTER));
				assertThat(llm.statusCode()).isEqualTo(200);
				assertThat(llm.body()).contains("hello from the provider");
			}
		}
	}
}
