package io.llmgateway.gateway.provider;

import io.llmgateway.gateway.core.Deployment;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * AWS credentials for a deployment: {@code aws-access-key-id}/{@code aws-secret-access-key} when set, otherwise the
 * AWS default chain (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, SSO, container
 * and instance roles). The chain may read files or call metadata endpoints, so it is resolved off the event loop;
 * the SDK provider caches and refreshes what it resolves.
 */
public final class AwsCredentialsSource {

	private volatile AwsCredentialsProvider defaultChain;

	public Mono<AwsCredentialsIdentity> credentials(Deployment deployment) {
		String id = deployment.config().awsAccessKeyId();
		String secret = deployment.config().awsSecretAccessKey();
		if (id != null && !id.isBlank() && secret != null && !secret.isBlank()) {
			return Mono.just(AwsBasicCredentials.create(id, secret));
		}
		return Mono.fromCallable(() -> (AwsCredentialsIdentity) chain().resolveCredentials())
			.subscribeOn(Schedulers.boundedElastic());
	}

	private AwsCredentialsProvider chain() {
		AwsCredentialsProvider p = defaultChain;
		if (p == null) {
			synchronized (this) {
				if (defaultChain == null) {
					defaultChain = DefaultCredentialsProvider.builder().build();
				}
				p = defaultChain;
			}
		}
		return p;
	}
}
