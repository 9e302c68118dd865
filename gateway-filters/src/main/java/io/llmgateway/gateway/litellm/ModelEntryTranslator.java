package io.llmgateway.gateway.litellm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code model_list[]} entry ({@code model_name}, {@code litellm_params}, {@code model_info}) → the properties
 * of one {@code llm.models[]} entry, relative to it ({@code name}, {@code provider}, {@code api-key}...). Used for
 * the config file and for models added at run time ({@code /model/new}), so both mean the same.
 */
final class ModelEntryTranslator {

	/** Keys of {@code model_info} that only describe the model (LiteLLM shows them in /model/info). */
	private static final Set<String> INFORMATIONAL_INFO = Set.of("max_tokens", "max_output_tokens", "description",
			"litellm_provider", "key", "db_model", "team_id", "updated_at", "updated_by", "created_at", "created_by",
			"tier", "direct_access");

	/** The translated entry: properties relative to {@code llm.models[i]}, and what applies to requests. */
	record Entry(String name, Map<String, Object> properties, Double temperature, Integer maxTokens,
			List<String> accessGroups) {
	}

	private ModelEntryTranslator() {
	}

	/**
	 * @param entry the (env-resolved) entry
	 * @param path how the report names it, e.g. {@code model_list[2]}
	 * @return the entry, or null when its provider is not supported (named in the report)
	 */
	static Entry translate(Map<String, Object> entry, String path, TranslationReport report) {
		String name = Values.string(entry.get("model_name"));
		if (name == null || name.isBlank()) {
			throw new IllegalStateException(path + ".model_name is required");
		}
		Map<String, Object> params = Values.map(entry.get("litellm_params"), path + ".litellm_params");
		Map<String, Object> info = Values.map(entry.get("model_info"), path + ".model_info");
		for (String key : entry.keySet()) {
			if (!Set.of("model_name", "litellm_params", "model_info").contains(key)) {
				report.unsupported(path + "." + key);
			}
		}
		String model = Values.string(params.get("model"));
		if (model == null || model.isBlank()) {
			throw new IllegalStateException(path + ".litellm_params.model is required");
		}
		String apiBase = Values.string(params.get("api_base"));
		ProviderPrefixes.Target target = ProviderPrefixes.target(model,
				Values.string(params.get("custom_llm_provider")), apiBase);
		if (target == null) {
			report.unsupported(path + ".litellm_params.model", "provider of '" + model
					+ "' is not supported by the gateway (deployment skipped; supported prefixes: "
					+ String.join(", ", new java.util.TreeSet<>(ProviderPrefixes.PROVIDERS.keySet())) + ")");
			return null;
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("name", name);
		out.put("provider", target.provider());
		out.put("model", target.model());
		Double temperature = null;
		Integer maxTokens = null;
		Map<String, Object> pricing = new LinkedHashMap<>();
		Map<String, Object> headers = new LinkedHashMap<>();
		String p = path + ".litellm_params.";
		for (Map.Entry<String, Object> e : params.entrySet()) {
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			switch (e.getKey()) {
				case "model", "custom_llm_provider" -> {
				}
				case "api_base", "aws_bedrock_runtime_endpoint" -> {
					String base = ProviderPrefixes.apiBase(target.provider(), String.valueOf(v));
					out.put("api-base", base);
					if (target.provider().equals("gemini") && !base.matches(".*/v1(beta|alpha)?\\d*$")) {
						report.differs(p + e.getKey(), "LiteLLM calls {api_base}/models/{model}:{method}; the gateway"
								+ " calls {api_base}/v1beta/models/{model}:{method} unless api_base ends with a version");
					}
				}
				case "api_key" -> out.put("api-key", Values.string(v));
				case "api_version" -> out.put("api-version", Values.string(v));
				case "aws_access_key_id" -> out.put("aws-access-key-id", Values.string(v));
				case "aws_secret_access_key" -> out.put("aws-secret-access-key", Values.string(v));
				case "aws_region_name" -> out.put("aws-region", Values.string(v));
				case "vertex_project" -> out.put("vertex-project", Values.string(v));
				case "vertex_location" -> out.put("vertex-location", Values.string(v));
				case "vertex_credentials" -> out.put("vertex-credentials", credentialsFile(v));
				case "rpm" -> out.put("rpm", Values.integer(v, p + "rpm"));
				case "tpm" -> out.put("tpm", Values.integer(v, p + "tpm"));
				case "max_parallel_requests" -> out.put("max-parallel", Values.integer(v, p + "max_parallel_requests"));
				case "weight" -> out.put("weight", Values.integer(v, p + "weight"));
				case "order" -> out.put("order", Values.integer(v, p + "order"));
				case "timeout" -> out.put("timeout", Values.seconds(v, p + "timeout"));
				case "stream_timeout" -> {
					out.put("stream-timeout", Values.seconds(v, p + "stream_timeout"));
					report.differs(p + "stream_timeout", "the gateway's stream-timeout is the longest silence between"
							+ " two chunks; the time to the first byte is timeout");
				}
				case "max_tokens" -> maxTokens = Values.integer(v, p + "max_tokens").intValue();
				case "temperature" -> temperature = Values.decimal(v, p + "temperature").doubleValue();
				case "extra_headers", "headers" -> Values.map(v, p + e.getKey())
					.forEach((h, hv) -> headers.put(h, Values.string(hv)));
				case "organization" -> headers.put("OpenAI-Organization", Values.string(v));
				case "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
						"cache_creation_input_token_cost", "output_cost_per_reasoning_token" ->
					price(pricing, e.getKey(), v, p);
				default -> report.unsupported(p + e.getKey());
			}
		}
		List<String> accessGroups = List.of();
		String i = path + ".model_info.";
		for (Map.Entry<String, Object> e : info.entrySet()) {
			Object v = e.getValue();
			if (v == null) {
				continue;
			}
			String key = e.getKey();
			switch (key) {
				case "id" -> out.put("id", Values.string(v));
				case "max_input_tokens" -> out.put("max-input-tokens", Values.integer(v, i + key));
				case "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
						"cache_creation_input_token_cost", "output_cost_per_reasoning_token" ->
					price(pricing, key, v, i);
				case "access_groups" -> accessGroups = Values.strings(v, i + key);
				case "mode" -> {
					String mode = Values.string(v);
					if (!Set.of("chat", "completion", "embedding", "responses").contains(mode)) {
						report.differs(i + key, "mode '" + mode + "': the gateway serves chat and embeddings only");
					}
				}
				case "base_model" -> report.differs(i + key, "not used for prices: give the deployment's prices"
						+ " (input_cost_per_token, output_cost_per_token) or llm.spend.prices-file");
				default -> {
					if (!key.startsWith("supports_") && !INFORMATIONAL_INFO.contains(key)) {
						report.unsupported(i + key);
					}
				}
			}
		}
		if (!pricing.isEmpty()) {
			out.put("pricing", pricing);
		}
		if (!headers.isEmpty()) {
			out.put("headers", headers);
		}
		return new Entry(name, out, temperature, maxTokens, accessGroups);
	}

	/** LiteLLM prices are USD per token; the gateway's are per million tokens. */
	private static void price(Map<String, Object> pricing, String key, Object v, String p) {
		String target = switch (key) {
			case "input_cost_per_token" -> "input-per-million";
			case "output_cost_per_token" -> "output-per-million";
			case "cache_read_input_token_cost" -> "cache-read-per-million";
			case "cache_creation_input_token_cost" -> "cache-write-per-million";
			default -> "reasoning-per-million";
		};
		BigDecimal perMillion = Values.decimal(v, p + key).multiply(BigDecimal.valueOf(1_000_000)).stripTrailingZeros();
		pricing.put(target, perMillion.toPlainString());
	}

	/** LiteLLM takes a file path or the service-account JSON itself; the gateway a path (written 0600 if inline). */
	private static String credentialsFile(Object v) {
		String s = v instanceof Map<?, ?> m ? Values.json(m) : String.valueOf(v).trim();
		if (!s.startsWith("{")) {
			return s;
		}
		try {
			Path file = Files.createTempFile("llm-vertex-", ".json");
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the temp directory's defaults apply
			}
			Files.writeString(file, s, StandardCharsets.UTF_8);
			file.toFile().deleteOnExit();
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the inline vertex_credentials to a temporary file", ex);
		}
	}
}
