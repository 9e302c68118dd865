package io.llmgateway.gateway.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The one circuit breaker in front of the gateway's database, shared by key lookups, admin calls and the ledger
 * shipper. A connection-level failure opens it: while open, every caller fails at once (no thread waits for a
 * connection timeout). Every {@code openFor}, one probe is started in the background (half-open; requests still fail
 * fast meanwhile); its success closes the breaker, its failure keeps it open. A probe that never reports back frees
 * the half-open slot after {@code openFor} too.
 */
public final class DatabaseBreaker {

	private enum State {
		CLOSED, OPEN, HALF_OPEN
	}

	private final long openNanos;

	private final LongSupplier nanoClock;

	private State state = State.CLOSED;

	private long untilNanos;

	private volatile String reason;

	private volatile Instant since;

	public DatabaseBreaker(Duration openFor) {
		this(openFor, System::nanoTime);
	}

	DatabaseBreaker(Duration openFor, LongSupplier nanoClock) {
		this.openNanos = openFor.toNanos();
		this.nanoClock = nanoClock;
	}

	/** True when the database is believed to be up: callers use it. While open, callers fail at once. */
	public synchronized boolean allow() {
		return state == State.CLOSED;
	}

	/**
	 * True for exactly one caller once {@code openFor} has passed since the breaker opened (or since the last probe
	 * started): that caller probes the database in the background and reports {@link #success()} or
	 * {@link #failure}; no request waits for the probe.
	 */
	public synchronized boolean probeDue() {
		if (state == State.CLOSED) {
			return false;
		}
		long now = nanoClock.getAsLong();
		if (now - untilNanos < 0) {
			return false;
		}
		state = State.HALF_OPEN;
		untilNanos = now + openNanos;
		return true;
	}

	/** The database answered (whatever the answer): close. */
	public synchronized void success() {
		state = State.CLOSED;
		reason = null;
		since = null;
	}

	/** Records a failure; only an outage (see {@link #isOutage}) opens the breaker. */
	public void failure(Throwable error) {
		if (isOutage(error)) {
			open(describe(error));
		}
		else {
			success();
		}
	}

	/** Opens (or keeps open) the breaker for {@code openFor} with a reason shown by the health indicator. */
	public synchronized void open(String why) {
		if (state == State.CLOSED) {
			since = Instant.now();
		}
		state = State.OPEN;
		untilNanos = nanoClock.getAsLong() + openNanos;
		reason = why;
	}

	/** A probe that ended without an answer (cancelled): let the next caller probe. */
	public synchronized void abandon() {
		if (state == State.HALF_OPEN) {
			state = State.OPEN;
			untilNanos = nanoClock.getAsLong();
		}
	}

	public synchronized boolean isClosed() {
		return state == State.CLOSED;
	}

	/** Why the database is considered down, or null when the breaker is closed. */
	public String reason() {
		return reason;
	}

	/** When the current outage was first seen, or null. */
	public Instant since() {
		return since;
	}

	/**
	 * True when the failure means "the database cannot be reached right now": any {@link SQLException} in the cause
	 * chain, unless its SQL state says the statement itself is wrong (22xxx data, 23xxx constraint, 42xxx syntax or
	 * missing object); also a JDBC driver's unchecked failure on a cut connection. A non-SQL failure (mapping, a
	 * bug) is not an outage.
	 */
	public static boolean isOutage(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLException sql) {
				for (SQLException e = sql; e != null; e = e.getNextException()) {
					String state = e.getSQLState();
					if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
						return false;
					}
				}
				return true;
			}
			if (t instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

	static String describe(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
	}

	private static String firstLine(String s) {
		int nl = s.indexOf('\n');
		String line = nl < 0 ? s : s.substring(0, nl);
		return line.length() > 300 ? line.substring(0, 300) : line;
	}
}
