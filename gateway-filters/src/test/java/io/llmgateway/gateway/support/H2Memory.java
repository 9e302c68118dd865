package io.llmgateway.gateway.support;

import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

/** A pool on a new, empty in-memory H2 database in PostgreSQL mode, as the gateway's embedded database runs it. */
public final class H2Memory {

	private H2Memory() {
	}

	public static HikariDataSource dataSource() {
		HikariDataSource h2 = new HikariDataSource();
		h2.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
		h2.setUsername("sa");
		return h2;
	}
}
