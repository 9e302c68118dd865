package io.llmgateway.gateway.store;

import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's own database (ledger, virtual keys, budgets): H2 embedded by default, PostgreSQL through
 * {@code spring.datasource.*}. Migrations under {@code classpath:db/llm} are applied at start-up with their own
 * history table, so they never collide with the host application's Flyway. JDBC work runs on a bounded executor,
 * never on the event loop.
 */
public final class LlmDatabase {

	public static final String MIGRATIONS = "classpath:db/llm";

	public static final String HISTORY_TABLE = "llm_schema_history";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final Scheduler scheduler;

	public LlmDatabase(DataSource dataSource, ExecutorService executor) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.scheduler = Schedulers.fromExecutorService(executor, "llm-jdbc");
	}

	/** Applies pending migrations; called once at start-up. */
	public void migrate() {
		Flyway.configure()
			.dataSource(dataSource)
			.locations(MIGRATIONS)
			.table(HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	public DataSource dataSource() {
		return dataSource;
	}

	/** Direct access for code that already runs off the event loop (batch writers, admin handlers on {@link #scheduler()}). */
	public JdbcTemplate jdbc() {
		return jdbc;
	}

	/** The bounded scheduler for JDBC work. */
	public Scheduler scheduler() {
		return scheduler;
	}

	/** Runs blocking JDBC work on the bounded executor. */
	public <T> Mono<T> call(Function<JdbcTemplate, T> work) {
		return Mono.fromCallable(() -> work.apply(jdbc)).subscribeOn(scheduler);
	}
}
