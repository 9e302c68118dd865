package io.llmgateway.gateway.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's own database (ledger, virtual keys, budgets) and its availability. The connection and the migrations
 * (under {@code classpath:db/llm}, with their own history table in the gateway's schema, so they never collide with
 * the host application's Flyway) are attempted in the background until they succeed: a database that is down at
 * start-up never fails the start, the gateway runs degraded ({@link #status()}) and catches up when it returns.
 * JDBC work runs on a bounded executor, never on the event loop, behind one {@link DatabaseBreaker}: while the
 * database is known to be down (or not migrated yet) {@link #call} fails at once with
 * {@link DatabaseUnavailableException}.
 */
public final class LlmDatabase implements AutoCloseable {

	public static final String MIGRATIONS = "classpath:db/llm";

	public static final String HISTORY_TABLE = "llm_schema_history";

	private static final Log log = LogFactory.getLog(LlmDatabase.class);

	private final Connector connector;

	private final String schema;

	private final ExecutorService executor;

	private final Scheduler scheduler;

	private final DatabaseBreaker breaker;

	private final Duration retryInterval;

	private final JdbcTemplate jdbc;

	private final DataSource view = new ConnectedView();

	private final List<Runnable> readyListeners = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstAttempt = new CountDownLatch(1);

	private volatile DataSource target;

	private volatile boolean ready;

	private volatile String notReadyReason = "connecting";

	private volatile boolean closed;

	private Thread connecting;

	/** Opens (or wraps) the database: returns the schema-bound {@link DataSource} the gateway uses. */
	@FunctionalInterface
	public interface Connector {

		DataSource connect() throws Exception;

		/** Releases what {@link #connect} created (the gateway's own pool). */
		default void close() {
		}
	}

	/** A database given as is (tests, or an application that builds it): connected and migrated by {@link #migrate()}. */
	public LlmDatabase(DataSource dataSource, ExecutorService executor) {
		this(() -> dataSource, "", executor, Duration.ofSeconds(2));
	}

	public LlmDatabase(Connector connector, String schema, ExecutorService executor, Duration retryInterval) {
		this.connector = connector;
		this.schema = schema == null ? "" : schema;
		this.executor = executor;
		this.scheduler = Schedulers.fromExecutorService(executor, "llm-jdbc");
		this.retryInterval = retryInterval;
		this.breaker = new DatabaseBreaker(retryInterval);
		this.jdbc = new JdbcTemplate(view);
	}

	/**
	 * Connects and applies pending migrations now, on the caller's thread; throws when it cannot. Used by tests and
	 * by the background attempts of {@link #start}.
	 */
	public synchronized void migrate() {
		if (ready) {
			return;
		}
		try {
			DataSource ds = target != null ? target : connector.connect();
			target = ds;
			if (!schema.isEmpty()) {
				try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
					s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
				}
			}
			var flyway = Flyway.configure()
				.dataSource(ds)
				.locations(MIGRATIONS)
				.table(HISTORY_TABLE)
				.baselineOnMigrate(true)
				.baselineVersion("0");
			if (!schema.isEmpty()) {
				flyway.schemas(schema).defaultSchema(schema);
			}
			flyway.load().migrate();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		ready = true;
		notReadyReason = null;
		breaker.success();
		for (Runnable listener : readyListeners) {
			runQuietly(listener);
		}
	}

	/**
	 * Starts connecting and migrating in the background, retried every {@code retry-interval} until it succeeds, and
	 * waits at most {@code wait} for the first attempt. Never throws: a database that cannot be reached leaves the
	 * gateway degraded.
	 */
	public void start(Duration wait) {
		synchronized (this) {
			if (connecting != null || ready) {
				firstAttempt.countDown();
				return;
			}
			connecting = new Thread(this::connectLoop, "llm-database-connect");
			connecting.setDaemon(true);
			connecting.start();
		}
		try {
			if (!firstAttempt.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("The gateway's database did not answer within " + wait
						+ "; starting degraded, connection and migrations go on in the background");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void connectLoop() {
		boolean warned = false;
		while (!closed && !ready) {
			try {
				migrate();
				log.info("The gateway's database is connected and migrated" + (warned ? " (degraded mode ended)" : ""));
			}
			catch (RuntimeException ex) {
				notReadyReason = "database unreachable or not migrated: " + DatabaseBreaker.describe(ex);
				breaker.open(notReadyReason);
				if (!warned) {
					log.warn("The gateway's database is not available (" + DatabaseBreaker.describe(ex)
							+ "); running degraded: cached keys, the master key and routing keep working, spend is "
							+ "journalled to disk; retrying every " + retryInterval);
					warned = true;
				}
				else if (log.isDebugEnabled()) {
					log.debug("Database still unavailable: " + DatabaseBreaker.describe(ex));
				}
			}
			finally {
				firstAttempt.countDown();
			}
			if (!ready) {
				sleep(retryInterval.toMillis());
			}
		}
	}

	/** Runs {@code listener} once the database is connected and migrated (now, on this thread, when it already is). */
	public void onReady(Runnable listener) {
		readyListeners.add(listener);
		if (ready) {
			runQuietly(listener);
		}
	}

	/** True once connected and migrated (an outage afterwards is reported by the {@link #breaker()}). */
	public boolean ready() {
		return ready;
	}

	/** Up, or degraded with the reason (not migrated yet, or the breaker is open). */
	public Status status() {
		if (!ready) {
			return new Status(false, notReadyReason == null ? "connecting" : notReadyReason);
		}
		if (!breaker.isClosed()) {
			return new Status(false, "database unreachable since " + breaker.since() + ": " + breaker.reason());
		}
		return new Status(true, null);
	}

	/** The database's availability as the health indicator reports it. */
	public record Status(boolean up, String reason) {
	}

	public DatabaseBreaker breaker() {
		return breaker;
	}

	/**
	 * The gateway's tables: connections fail at once with an {@link SQLTransientConnectionException} until the
	 * database is connected and migrated.
	 */
	public DataSource dataSource() {
		return view;
	}

	/** Direct access for code that already runs off the event loop (batch writers, admin handlers on {@link #scheduler()}). */
	public JdbcTemplate jdbc() {
		return jdbc;
	}

	/** The bounded scheduler for JDBC work. */
	public Scheduler scheduler() {
		return scheduler;
	}

	/**
	 * Runs blocking JDBC work on the bounded executor, behind the breaker: while the database is down, not migrated
	 * yet, or the executor is saturated, the Mono fails at once with {@link DatabaseUnavailableException}.
	 */
	public <T> Mono<T> call(Function<JdbcTemplate, T> work) {
		return Mono.defer(() -> {
			if (!ready) {
				return Mono.error(new DatabaseUnavailableException(notReadyReason));
			}
			if (!available()) {
				return Mono.error(new DatabaseUnavailableException(breaker.reason()));
			}
			return Mono.fromCallable(() -> work.apply(jdbc))
				.subscribeOn(scheduler)
				.doOnSuccess(v -> breaker.success())
				.doOnError(ex -> {
					if (!(ex instanceof RejectedExecutionException)) {
						breaker.failure(ex);
					}
				})
				.onErrorMap(RejectedExecutionException.class,
						ex -> new DatabaseUnavailableException("database executor saturated"));
		});
	}

	/**
	 * True when a call may use the database now: connected, migrated and the breaker closed. While it is open this
	 * answers at once and, every {@code retry-interval}, starts one background probe that closes the breaker when the
	 * database answers again.
	 */
	public boolean available() {
		if (!ready) {
			return false;
		}
		if (breaker.allow()) {
			return true;
		}
		if (breaker.probeDue()) {
			probe();
		}
		return false;
	}

	private void probe() {
		try {
			executor.execute(() -> {
				try (Connection c = view.getConnection(); Statement s = c.createStatement()) {
					s.execute("SELECT 1");
					breaker.success();
					log.info("The gateway's database is reachable again");
				}
				catch (SQLException | RuntimeException ex) {
					breaker.failure(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			breaker.abandon();
		}
	}

	/** Stops the background attempts and closes the gateway's own pool. */
	@Override
	public void close() {
		closed = true;
		Thread t = connecting;
		if (t != null) {
			t.interrupt();
		}
		executor.shutdown();
		connector.close();
	}

	private static void runQuietly(Runnable r) {
		try {
			r.run();
		}
		catch (RuntimeException ex) {
			log.warn("Database ready listener failed: " + ex, ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Forwards to the connected database; refuses at once before that. */
	private final class ConnectedView implements DataSource {

		private DataSource target() throws SQLException {
			DataSource t = ready ? target : null;
			if (t == null) {
				throw new SQLTransientConnectionException("the gateway's database is not available: " + notReadyReason,
						"08001");
			}
			return t;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return target().getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return target().getConnection(username, password);
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			if (iface.isInstance(this)) {
				return iface.cast(this);
			}
			return target().unwrap(iface);
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) throws SQLException {
			return iface.isInstance(this) || (ready && target.isWrapperFor(iface));
		}
	}
}
