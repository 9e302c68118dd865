package io.llmgateway.gateway.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.datasource.*}: which database the gateway uses for its own tables. Its own connection pool when
 * {@code url} is set; else the application's {@code spring.datasource} only when {@code use-application-datasource}
 * is true; else the embedded H2 file ({@code llm.database.path}). Whatever the database, the gateway's tables live in
 * {@code schema}, never in the application's.
 *
 * @param url JDBC URL of the gateway's database (e.g. {@code jdbc:postgresql://db:5432/app})
 * @param username user of {@code url}
 * @param password password of {@code url}
 * @param schema schema holding the gateway's tables and migration history, created when missing (default
 * {@code llm}; blank: the connection's default schema)
 * @param useApplicationDatasource use the application's {@code DataSource} bean (still in {@code schema})
 * @param connectionTimeout longest wait for a connection of the gateway's own pool (default 2s)
 * @param maximumPoolSize connections of the gateway's own pool (default {@code llm.database.threads} + 1)
 */
@ConfigurationProperties(LlmDatasourceProperties.PREFIX)
public record LlmDatasourceProperties(String url, String username, String password, String schema,
		Boolean useApplicationDatasource, Duration connectionTimeout, Integer maximumPoolSize) {

	public static final String PREFIX = "llm.datasource";

	public LlmDatasourceProperties {
		url = url == null || url.isBlank() ? null : url.trim();
		schema = schema == null ? "llm" : schema.trim();
		useApplicationDatasource = useApplicationDatasource != null && useApplicationDatasource;
		connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(2) : connectionTimeout;
		if (!schema.isEmpty() && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("llm.datasource.schema must be a plain SQL identifier, was '" + schema + "'");
		}
	}

	/** The password stays out of logs and actuator output. */
	@Override
	public String toString() {
		return "LlmDatasourceProperties[url=" + url + ", username=" + username + ", schema=" + schema
				+ ", useApplicationDatasource=" + useApplicationDatasource + "]";
	}

	/**
	 * True when the gateway's database is the embedded H2 file ({@code llm.database.path}): no {@code url}, not the
	 * application's. H2 locks its file, so no other process writes to it.
	 */
	public boolean embedded() {
		return url == null && !useApplicationDatasource;
	}
}
