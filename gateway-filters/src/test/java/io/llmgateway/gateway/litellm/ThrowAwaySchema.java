package io.llmgateway.gateway.litellm;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A fresh schema in the machine's shared PostgreSQL ({@code 127.0.0.1:5432/test}), dropped after the test. */
final class ThrowAwaySchema implements AutoCloseable {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	final String name = ("litellm_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);

	ThrowAwaySchema() throws SQLException {
		execute("CREATE SCHEMA " + name);
	}

	/** LiteLLM's {@code database_url} form (Prisma's {@code schema} parameter), pointing at this schema. */
	String liteLlmUrl() {
		return "postgresql://postgres@127.0.0.1:5432/test?schema=" + name;
	}

	@Override
	public void close() throws SQLException {
		execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}
}
