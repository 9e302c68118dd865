package io.llmgateway.gateway.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker shared by every database call: opens on an outage, lets one probe through, closes on its success. */
class DatabaseBreakerTests {

	private final AtomicLong now = new AtomicLong();

	private final DatabaseBreaker breaker = new DatabaseBreaker(Duration.ofSeconds(2), now::get);

	@Test
	void anOutageOpensItAndOneProbeAtATimeGoesThroughAfterTheInterval() {
		assertThat(breaker.allow()).isTrue();
		assertThat(breaker.probeDue()).isFalse();
		breaker.failure(new CannotGetJdbcConnectionException("x", new SQLTransientConnectionException("refused")));
		assertThat(breaker.isClosed()).isFalse();
		assertThat(breaker.reason()).contains("refused");
		assertThat(breaker.allow()).isFalse();
		assertThat(breaker.probeDue()).as("not before the interval").isFalse();
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(breaker.probeDue()).as("one probe").isTrue();
		assertThat(breaker.probeDue()).as("only one").isFalse();
		assertThat(breaker.allow()).as("callers still fail fast while it runs").isFalse();
		breaker.failure(new SQLException("connection reset", "08006"));
		assertThat(breaker.allow()).isFalse();
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(breaker.probeDue()).isTrue();
		breaker.success();
		assertThat(breaker.isClosed()).isTrue();
		assertThat(breaker.allow()).isTrue();
		assertThat(breaker.reason()).isNull();
	}

	@Test
	void aProbeThatNeverReportsFreesItsSlot() {
		breaker.open("down");
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(breaker.probeDue()).isTrue();
		breaker.abandon();
		assertThat(breaker.probeDue()).isTrue();
	}

	@Test
	void statementErrorsAreNotOutages() {
		assertThat(DatabaseBreaker.isOutage(new SQLException("duplicate", "23505"))).isFalse();
		assertThat(DatabaseBreaker.isOutage(new SQLException("no such table", "42P01"))).isFalse();
		assertThat(DatabaseBreaker.isOutage(new IllegalArgumentException("mapping"))).isFalse();
		assertThat(DatabaseBreaker.isOutage(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
		breaker.failure(new SQLException("duplicate", "23505"));
		assertThat(breaker.isClosed()).isTrue();
	}
}
