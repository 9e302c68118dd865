package io.llmgateway.translate.bedrock;

import java.util.Locale;
import java.util.Map;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.ComposedUpstreamCodec;
import io.llmgateway.translate.mapping.Json;

/**
 * AWS Bedrock Converse / ConverseStream: {@link BedrockRequestWriter}, {@link BedrockResponseReader},
 * {@link BedrockStreamDecoder} for the binary event stream, and Bedrock's error names onto the canonical errors.
 */
public final class BedrockUpstreamCodec extends ComposedUpstreamCodec {

	static final String PROVIDER = "bedrock";

	/** Bedrock's own error names (from {@code x-amzn-ErrorType} or {@code __type}) onto canonical classes. */
	private static final Map<String, ErrorType> EXCEPTIONS = Map.ofEntries(
			Map.entry("validationexception", ErrorType.INVALID_REQUEST),
			Map.entry("servicequotaexceededexception", ErrorType.RATE_LIMIT),
			Map.entry("conflictexception", ErrorType.INVALID_REQUEST),
			Map.entry("accessdeniedexception", ErrorType.PERMISSION),
			Map.entry("unrecognizedclientexception", ErrorType.AUTHENTICATION),
			Map.entry("invalidsignatureexception", ErrorType.AUTHENTICATION),
			Map.entry("expiredtokenexception", ErrorType.AUTHENTICATION),
			Map.entry("resourcenotfoundexception", ErrorType.NOT_FOUND),
			Map.entry("modeltimeoutexception", ErrorType.TIMEOUT),
			Map.entry("modelerrorexception", ErrorType.BAD_GATEWAY),
			Map.entry("modelstreamerrorexception", ErrorType.BAD_GATEWAY),
			Map.entry("throttlingexception", ErrorType.RATE_LIMIT),
			Map.entry("modelnotreadyexception", ErrorType.RATE_LIMIT),
			Map.entry("internalserverexception", ErrorType.SERVER_ERROR),
			Map.entry("serviceunavailableexception", ErrorType.OVERLOADED));

	public BedrockUpstreamCodec() {
		super(Protocol.BEDROCK_CONVERSE, PROVIDER, BedrockRequestWriter::encode, BedrockResponseReader::decode,
				BedrockStreamDecoder::new);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		String message = Errors.errorMessage(body);
		String type = null;
		if (body != null && body.length > 0 && body[0] == '{') {
			try {
				type = Json.str(Json.MAPPER.readTree(body), "__type");
			}
			catch (RuntimeException ignored) {
				// keep the status-based mapping
			}
		}
		return error(type, status, message);
	}

	/**
	 * The canonical error for a Bedrock exception name (header {@code x-amzn-ErrorType}, body {@code __type} or an
	 * in-stream {@code :exception-type}) or, when unknown, for the HTTP status.
	 */
	public static LlmError error(String exceptionType, int status, String message) {
		if (exceptionType != null) {
			String name = exceptionType;
			int colon = name.indexOf(':');
			if (colon >= 0) {
				name = name.substring(0, colon);
			}
			int hash = name.lastIndexOf('#');
			if (hash >= 0) {
				name = name.substring(hash + 1);
			}
			ErrorType type = EXCEPTIONS.get(name.toLowerCase(Locale.ROOT));
			if (type != null) {
				LlmError generic = Errors.errorForStatus(type.status(), PROVIDER, message);
				if (type == ErrorType.INVALID_REQUEST && generic.type() == ErrorType.CONTEXT_WINDOW_EXCEEDED) {
					return generic;
				}
				return new LlmError(type.status(), type, name, generic.message(), null, null);
			}
		}
		return Errors.errorForStatus(status, PROVIDER, message);
	}
}
