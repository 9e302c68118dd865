package io.llmgateway.gateway.store;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;

/**
 * How the gateway reaches its database, from {@code llm.datasource.*}: its own pool ({@code url}, or the embedded H2
 * file), or the application's {@code DataSource} (opt-in) seen through {@link SchemaDataSource}. Pools never connect
 * while they are built, so a database that is down delays nothing.
 */
final class DatabaseConnectors {

	private DatabaseConnectors() {
	}

	static LlmDatabase.Connector of(LlmDatabaseProperties database, LlmDatasourceProperties datasource,
			ObjectProvider<DataSource> application) {
		if (datasource.url() != null) {
			return new OwnPool(datasource.url(), datasource.username(), datasource.password(), datasource, database);
		}
		if (datasource.useApplicationDatasource()) {
			return () -> {
				DataSource app = application.getIfAvailable();
				if (app == null) {
					throw new IllegalStateException("llm.datasource.use-application-datasource is true but the "
							+ "application has no DataSource (set spring.datasource.* or llm.datasource.url)");
				}
				if (datasource.schema().isEmpty()) {
					return app;
				}
				try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
					s.execute("CREATE SCHEMA IF NOT EXISTS " + datasource.schema());
				}
				return new SchemaDataSource(app, datasource.schema());
			};
		}
		String url = "jdbc:h2:file:" + database.path() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
		return new OwnPool(url, "sa", null, datasource, database);
	}

	/** The gateway's own Hikari pool, created at the first attempt, bound to the gateway's schema. */
	static final class OwnPool implements LlmDatabase.Connector {

		private final String url;

		private final String username;

		private final String password;

		private final LlmDatasourceProperties datasource;

		private final LlmDatabaseProperties database;

		private volatile HikariDataSource pool;

		OwnPool(String url, String username, String password, LlmDatasourceProperties datasource,
				LlmDatabaseProperties database) {
			this.url = url;
			this.username = username;
			this.password = password;
			this.datasource = datasource;
			this.database = database;
		}

		@Override
		public synchronized DataSource connect() {
			if (pool == null) {
				HikariDataSource ds = new HikariDataSource();
				String schema = datasource.schema();
				// H2 refuses a missing schema as the connection's schema: create it as the connection opens
				boolean h2 = url.startsWith("jdbc:h2:");
				ds.setJdbcUrl(h2 && !schema.isEmpty() && !url.toUpperCase().contains(";INIT=")
						? url + ";INIT=CREATE SCHEMA IF NOT EXISTS " + schema : url);
				ds.setUsername(username);
				ds.setPassword(password);
				if (!schema.isEmpty()) {
					ds.setSchema(schema);
				}
				ds.setPoolName("llm-db");
				ds.setMaximumPoolSize(datasource.maximumPoolSize() != null ? datasource.maximumPoolSize()
						: database.threads() + 2);
				ds.setConnectionTimeout(Math.max(250, datasource.connectionTimeout().toMillis()));
				ds.setValidationTimeout(Math.max(250, Math.min(1000, datasource.connectionTimeout().toMillis())));
				// the pool starts even when the database is down; connections are retried when needed
				ds.setInitializationFailTimeout(-1);
				pool = ds;
			}
			return pool;
		}

		@Override
		public synchronized void close() {
			if (pool != null) {
				pool.close();
			}
		}
	}
}
