package io.llmgateway.gateway.provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.llmgateway.gateway.core.Deployment;

/** Base-URL handling shared by the provider adapters: {@code api-base} overrides, path joining, segment encoding. */
final class ProviderUrls {

	private ProviderUrls() {
	}

	/** The deployment's {@code api-base} without a trailing slash, or {@code fallback}. */
	static String base(Deployment deployment, String fallback) {
		String base = deployment.apiBase() != null ? deployment.apiBase().toString()
				: deployment.config().apiBase() != null ? deployment.config().apiBase() : fallback;
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base;
	}

	/** Removes a trailing version segment ({@code /v1}, {@code /v2}) that users paste from OpenAI-style settings. */
	static String withoutSuffix(String base, String suffix) {
		return base.endsWith(suffix) ? base.substring(0, base.length() - suffix.length()) : base;
	}

	/** One path segment, percent-encoded (model ids and ARNs hold {@code :} and {@code /}). */
	static String segment(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	static URI uri(String base, String path) {
		return URI.create(base + path);
	}
}
