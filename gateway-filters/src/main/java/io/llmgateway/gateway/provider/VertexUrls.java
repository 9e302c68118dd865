package io.llmgateway.gateway.provider;

import io.llmgateway.gateway.core.Deployment;

/** Vertex AI URL scheme: regional (or global) host, and the publisher model path. */
final class VertexUrls {

	static final String DEFAULT_LOCATION = "us-central1";

	private VertexUrls() {
	}

	static String location(Deployment deployment) {
		String l = deployment.config().vertexLocation();
		return l == null || l.isBlank() ? DEFAULT_LOCATION : l;
	}

	/** {@code api-base}, else {@code https://{location}-aiplatform.googleapis.com} ({@code aiplatform...} for global). */
	static String baseUrl(Deployment deployment) {
		String location = location(deployment);
		String host = "global".equals(location) ? "https://aiplatform.googleapis.com"
				: "https://" + location + "-aiplatform.googleapis.com";
		return ProviderUrls.base(deployment, host);
	}

	/** {@code /v1/projects/{p}/locations/{l}/publishers/{publisher}/models/{model}}; {@code @} versions stay readable. */
	static String modelPath(Deployment deployment, String publisher, String model) {
		return "/v1/projects/" + ProviderUrls.segment(deployment.config().vertexProject()) + "/locations/"
				+ ProviderUrls.segment(location(deployment)) + "/publishers/" + publisher + "/models/"
				+ ProviderUrls.segment(model).replace("%40", "@");
	}
}
