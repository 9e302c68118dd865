package io.llmgateway.gateway.core;

import java.net.URI;

import io.llmgateway.translate.codec.UpstreamCodec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A fully prepared provider request: where to send it, with which headers (credentials included) and body, and the
 * codec that reads the answer.
 */
public record UpstreamCall(HttpMethod method, URI uri, HttpHeaders headers, byte[] body, UpstreamCodec codec,
		boolean stream) {
}
