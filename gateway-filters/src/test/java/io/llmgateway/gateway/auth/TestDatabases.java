package io.llmgateway.gateway.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.UUID;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Databases for tests: in-memory H2 or a fresh schema on the local PostgreSQL, behind a switch that can cut them. */
final class TestDatabases {

	static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private TestDatabases() {
	}

	/** A data source whose connections fail while {@link #down} is true: the database "goes away". */
	static final class Switchable extends DelegatingDataSource {

		volatile boolean down;

		Switchable(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (down) {
				throw new SQLTransientConnectionException("database unreachable (test)");
			}
			return super.getConnection();
		}
	}

	static Switchable h2() {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		ds.setUsername("sa");
		ds.setMaximumPoolSize(4);
		return new Switchable(ds);
	}

	static String newSchema(String prefix) throws SQLException {
		String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
			c.createStatement().execute("CREATE SCHEMA " + schema);
		}
		return schema;
	}

	static void dropSchema(String schema) throws SQLException {
		try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
			c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
	}

	static Switchable postgres(String schema) {
		HikariDataSource ds = new HikariDataSource();
		ds.setJdbcUrl(PG_URL + "?currentSchema=" + schema);
		ds.setUsername("postgres");
		ds.setMaximumPoolSize(4);
		ds.setConnectionTimeout(2_000);
		return new Switchable(ds);
	}

	/**
	 * A database whose JDBC work runs on the calling thread: cache loads then complete before {@code get} returns,
	 * which makes cache-timing tests deterministic with a fake ticker.
	 */
	static LlmDatabase directDatabase(DataSource ds) {
		LlmDatabase db = new LlmDatabase(ds, new java.util.concurrent.AbstractExecutorService() {

			private volatile boolean shutdown;

			@Override
			public void execute(Runnable command) {
				command.run();
			}

			@Override
			public void shutdown() {
				shutdown = true;
			}

			@Override
			public java.util.List<Runnable> shutdownNow() {
				shutdown = true;
				return java.util.List.of();
			}

			@Override
			public boolean isShutdown() {
				return shutdown;
			}

			@Override
			public boolean isTerminated() {
				return shutdown;
			}

			@Override
			public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
				return true;
			}
		});
		db.migrate();
		return db;
	}

	static LlmDatabase database(DataSource ds) {
		LlmDatabase db = new LlmDatabase(ds, Executors.newFixedThreadPool(2, r -> {
			Thread t = new Thread(r, "test-jdbc");
			t.setDaemon(true);
			return t;
		}));
		db.migrate();
		return db;
	}
}
