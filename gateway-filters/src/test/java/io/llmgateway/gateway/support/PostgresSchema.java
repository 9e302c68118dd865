package io.llmgateway.gateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** A throw-away schema in the machine's PostgreSQL ({@code 127.0.0.1:5432/test}), one per test class. */
public final class PostgresSchema implements AutoCloseable {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 5432;

	public static final String USER = "postgres";

	public final String name;

	public PostgresSchema(String prefix) throws SQLException {
		this.name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
		execute("CREATE SCHEMA " + name);
	}

	public String url(int port) {
		return "jdbc:postgresql://" + HOST + ":" + port + "/test?currentSchema=" + name + "&reWriteBatchedInserts=true";
	}

	public String url() {
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
