package io.llmgateway.translate.mapping;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;

/** Factories for the 400s the translators raise; each names the offending parameter. */
public final class Errors {

	private Errors() {
	}

	public static LlmException badRequest(String param, String message) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message).withParam(param));
	}

	/** A parameter the provider has no equivalent for, refused because {@code llm.drop-params} is off. */
	public static LlmException unsupportedParam(String param, String provider) {
		return badRequest(param, "Parameter '" + param + "' is not supported by provider " + provider
				+ "; remove it or set llm.drop-params=true to drop it");
	}

	/** A parameter that would change the response shape: refused even with {@code llm.drop-params}. */
	public static LlmException shapeChangingParam(String param, String provider) {
		return badRequest(param, "Parameter '" + param + "' is not supported by provider " + provider
				+ " and cannot be dropped because it changes the response shape");
	}
}
