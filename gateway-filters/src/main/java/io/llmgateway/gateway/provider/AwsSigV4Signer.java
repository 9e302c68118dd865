package io.llmgateway.gateway.provider;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs provider requests with AWS Signature Version 4 using the AWS SDK's own signer. The exact bytes that will be
 * sent are signed; the signature headers ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token},
 * {@code x-amz-content-sha256}) are returned for the dispatcher to send. Thread-safe.
 */
public final class AwsSigV4Signer {

	private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

	/**
	 * @param headers headers to sign and send (content type, accept); {@code Host} is derived from the URI
	 * @return the headers to send: {@code headers} plus the signature headers, without {@code Host} (the HTTP client
	 * writes the same value from the URI)
	 */
	public HttpHeaders sign(String method, URI uri, HttpHeaders headers, byte[] body, String service, String region,
			AwsCredentialsIdentity credentials) {
		SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
		headers.forEach((name, values) -> request.putHeader(name, values));
		SignedRequest signed = signer.sign(r -> r.identity(credentials)
			.request(request.build())
			.payload(ContentStreamProvider.fromByteArrayUnsafe(body))
			.putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
			.putProperty(AwsV4HttpSigner.REGION_NAME, region));
		HttpHeaders out = new HttpHeaders();
		for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
			if (!h.getKey().equalsIgnoreCase("Host")) {
				out.put(h.getKey(), h.getValue());
			}
		}
		return out;
	}
}
