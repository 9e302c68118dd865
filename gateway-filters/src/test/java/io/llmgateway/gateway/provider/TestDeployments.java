package io.llmgateway.gateway.provider;

import java.net.URI;
import java.util.Map;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;

/** Builds deployments for adapter tests without a Spring context. */
final class TestDeployments {

	private TestDeployments() {
	}

	static Builder of(String provider, String model) {
		return new Builder(provider, model);
	}

	static final class Builder {

		private final String provider;

		private final String model;

		private String apiBase;

		private String apiKey;

		private String apiVersion;

		private String awsRegion;

		private String awsAccessKeyId;

		private String awsSecretAccessKey;

		private String vertexProject;

		private String vertexLocation;

		private String vertexCredentials;

		private Map<String, String> headers = Map.of();

		Builder(String provider, String model) {
			this.provider = provider;
			this.model = model;
		}

		Builder apiBase(String v) {
			this.apiBase = v;
			return this;
		}

		Builder apiKey(String v) {
			this.apiKey = v;
			return this;
		}

		Builder apiVersion(String v) {
			this.apiVersion = v;
			return this;
		}

		Builder aws(String region, String id, String secret) {
			this.awsRegion = region;
			this.awsAccessKeyId = id;
			this.awsSecretAccessKey = secret;
			return this;
		}

		Builder vertex(String project, String location, String credentials) {
			this.vertexProject = project;
			this.vertexLocation = location;
			this.vertexCredentials = credentials;
			return this;
		}

		Builder headers(Map<String, String> v) {
			this.headers = v;
			return this;
		}

		LlmProperties.Model model() {
			return new LlmProperties.Model("alias", provider, model, apiBase, apiKey, null, null, null, null, null,
					null, null, null, null, null, apiVersion, awsRegion, awsAccessKeyId, awsSecretAccessKey,
					vertexProject, vertexLocation, vertexCredentials, headers, null);
		}

		Deployment build() {
			return new Deployment("alias#0", "alias", provider, model, apiBase == null ? null : URI.create(apiBase),
					model());
		}
	}
}
