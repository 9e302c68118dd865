package io.llmgateway.gateway.spend;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A throw-away schema in the machine's PostgreSQL ({@code 127.0.0.1:5432/test}), one per test class. */
final class PostgresSchema implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	static final int PORT = 5432;

	static final String USER = "postgres";

	final String name;

	PostgresSchema(String prefix) throws SQLException {
		this.name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
		execute("CREATE SCHEMA " + name);
	}

	String url(int port) {
		return "jdbc:postgresql://" + HOST + ":" + port + "/test?currentSchema=" + name + "&reWriteBatchedInserts=true";
	}

	String url() {
		return url(PORT);
	}

	@Override
	public void close() throws SQLException {
		execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/test", USER, "");
				Statement s = c.createStatement()) {
			s.execute(sql);
		}
	}
}
