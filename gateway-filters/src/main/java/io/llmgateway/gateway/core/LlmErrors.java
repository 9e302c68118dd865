package io.llmgateway.gateway.core;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;

/** Maps failures of an upstream call onto the client-facing {@link LlmError}; never exposes a stack trace. */
public final class LlmErrors {

	private LlmErrors() {
	}

	/** The error to show a client for this failure of a call to the named deployment. */
	public static LlmError fromUpstreamFailure(Throwable ex, String deploymentId) {
		if (ex instanceof LlmException le) {
			return le.error();
		}
		if (hasCause(ex, TimeoutException.class) || hasCause(ex, io.netty.handler.timeout.TimeoutException.class)) {
			return LlmError.of(ErrorType.TIMEOUT, "upstream_timeout",
					"The provider of deployment '" + deploymentId + "' did not answer in time.");
		}
		if (hasCause(ex, ConnectException.class)) {
			return LlmError.of(ErrorType.BAD_GATEWAY, "upstream_unreachable",
					"Could not connect to the provider of deployment '" + deploymentId + "'.");
		}
		if (hasCause(ex, IOException.class)) {
			return LlmError.of(ErrorType.BAD_GATEWAY, "upstream_connection_error",
					"The connection to the provider of deployment '" + deploymentId + "' failed.");
		}
		return LlmError.of(ErrorType.BAD_GATEWAY, "upstream_error",
				"The call to the provider of deployment '" + deploymentId + "' failed.");
	}

	/** True for the errors a write raises when the client has gone away. */
	public static boolean isClientGone(Throwable ex) {
		String name = ex.getClass().getName();
		return name.equals("reactor.netty.channel.AbortedException")
				|| name.equals("io.netty.channel.StacklessClosedChannelException")
				|| ex instanceof java.nio.channels.ClosedChannelException;
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}
}
