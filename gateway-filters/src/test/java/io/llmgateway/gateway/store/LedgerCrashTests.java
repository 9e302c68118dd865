package io.llmgateway.gateway.store;

import java.io.File;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmgateway.gateway.support.PostgresSchema;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.TcpProxy;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.llmgateway.gateway.store.OutageGateways.MASTER_KEY;
import static io.llmgateway.gateway.store.OutageGateways.chat;
import static io.llmgateway.gateway.store.OutageGateways.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a gateway (a child JVM) under load during a database outage, then a restart with the database
 * back: every answered request has exactly one ledger row, except at most those answered in the last moments before
 * the kill (docs/spend.md: the rows of the last group-commit interval; checked here with a wide margin).
 */
@RequiresPostgres
class LedgerCrashTests {

	/** Rows answered this close to the kill may be lost: the 5 ms group commit plus a loaded machine's scheduling. */
	private static final long LOSS_WINDOW_MILLIS = 250;

	@TempDir
	Path dir;

	private MockProvider provider;

	private PostgresSchema schema;

	private TcpProxy proxy;

	private final List<Process> children = new ArrayList<>();

	@BeforeEach
	void setUp() throws Exception {
		provider = new MockProvider();
		schema = new PostgresSchema("llm_crash");
		proxy = new TcpProxy(PostgresSchema.HOST, PostgresSchema.PORT);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (Process p : children) {
			p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		proxy.close();
		provider.close();
		schema.close();
	}

	@Test
	void aKillDuringAnOutageUnderLoadLosesNoAnsweredRowBeyondTheBoundAndDuplicatesNone() throws Exception {
		Map<String, Object> properties = OutageGateways.properties(provider, schema.url(proxy.port()), schema.name,
				dir.resolve("journal").toString());
		int port = freePort();
		Process first = launch(properties, port, "first");
		awaitUp(port, first, "first");

		Map<String, Long> answered = new ConcurrentHashMap<>();
		AtomicBoolean loading = new AtomicBoolean(true);
		List<Thread> clients = new ArrayList<>();
		for (int t = 0; t < 12; t++) {
			int thread = t;
			Thread c = new Thread(() -> {
				for (int i = 0; loading.get(); i++) {
					String id = "crash-" + thread + "-" + i;
					try {
						HttpResponse<String> r = chat(port, MASTER_KEY, id);
						if (r.statusCode() == 200) {
							answered.put(id, System.nanoTime());
						}
					}
					catch (Exception ex) {
						// the gateway was killed: this request was not answered
					}
				}
			}, "crash-client-" + t);
			c.setDaemon(true);
			clients.add(c);
			c.start();
		}
		Thread.sleep(3000);
		proxy.cut();
		long cutAt = System.nanoTime();
		Thread.sleep(3000);
		long killAt = System.nanoTime();
		first.destroyForcibly();
		assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
		loading.set(false);
		for (Thread c : clients) {
			c.join(30_000);
		}
		long duringOutage = answered.values().stream().filter(at -> at > cutAt).count();
		assertThat(duringOutage).as("requests answered during the outage").isGreaterThan(20);

		proxy.open();
		int port2 = freePort();
		Process second = launch(properties, port2, "second");
		awaitUp(port2, second, "second");
		Set<String> present = awaitStableRows();

		assertThat(duplicates()).as("request ids with more than one row").isZero();
		Set<String> missing = new HashSet<>(answered.keySet());
		missing.removeAll(present);
		long windowStart = killAt - TimeUnit.MILLISECONDS.toNanos(LOSS_WINDOW_MILLIS);
		System.out.printf("ledger crash: answered %d (%d during the outage), rows %d, missing %d%n", answered.size(),
				duringOutage, present.size(), missing.size());
		List<String> lostTooEarly = missing.stream().filter(id -> answered.get(id) < windowStart).toList();
		assertThat(lostTooEarly).as("rows lost although answered more than %d ms before the kill (answered %d, "
				+ "during the outage %d, missing %d)", LOSS_WINDOW_MILLIS, answered.size(), duringOutage, missing.size())
			.isEmpty();
		assertThat(present).as("no row for a request the gateway did not answer... unless it answered as it died")
			.hasSizeLessThanOrEqualTo(answered.size() + 12);
	}

	private Process launch(Map<String, Object> properties, int port, String name) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				CrashTestGateway.class.getName()));
		properties.forEach((k, v) -> {
			if (!k.equals("server.port")) {
				command.add("--" + k + "=" + v);
			}
		});
		command.add("--server.port=" + port);
		File log = dir.resolve(name + ".log").toFile();
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
		children.add(p);
		return p;
	}

	private void awaitUp(int port, Process p, String name) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!p.isAlive()) {
				String log = java.nio.file.Files.readString(dir.resolve(name + ".log"));
				throw new AssertionError("gateway process " + name + " exited:\n"
						+ log.substring(Math.max(0, log.length() - 4000)));
			}
			try {
				return get(port, "/actuator/health/llmDatabase").body().contains("\"UP\"");
			}
			catch (Exception ex) {
				return false;
			}
		});
	}

	/** The ledger's request ids once the count stopped changing for a few seconds (the journal is shipped). */
	private Set<String> awaitStableRows() throws Exception {
		long last = -1;
		int stable = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (stable < 6 && System.nanoTime() < deadline) {
			Thread.sleep(500);
			long n = count();
			stable = n == last && n > 0 ? stable + 1 : 0;
			last = n;
		}
		Set<String> ids = new HashSet<>();
		try (Connection c = DriverManager.getConnection(schema.url(), PostgresSchema.USER, "");
				ResultSet rs = c.createStatement().executeQuery("SELECT request_id FROM llm_spend_log")) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

	private long count() throws Exception {
		try (Connection c = DriverManager.getConnection(schema.url(), PostgresSchema.USER, "");
				ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM llm_spend_log")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private long duplicates() throws Exception {
		try (Connection c = DriverManager.getConnection(schema.url(), PostgresSchema.USER, "");
				ResultSet rs = c.createStatement()
					.executeQuery("SELECT COUNT(*) FROM (SELECT request_id FROM llm_spend_log GROUP BY request_id "
							+ "HAVING COUNT(*) > 1) d")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}
}
