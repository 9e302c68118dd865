package io.llmgateway.gateway.store;

/** The gateway's database is known to be unavailable; thrown at once, without waiting for a connection. */
public final class DatabaseUnavailableException extends RuntimeException {

	public DatabaseUnavailableException(String reason) {
		super("the gateway's database is unavailable" + (reason == null ? "" : ": " + reason), null, false, false);
	}
}
