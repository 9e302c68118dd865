package io.llmgateway.gateway.translate;

import org.springframework.http.HttpHeaders;

/** What the upstream client emits: a complete body, or a stream head followed by raw chunks. */
public sealed interface UpstreamPart {

	/** A non-streamed answer (any status), fully read. */
	record Whole(int status, HttpHeaders headers, byte[] body) implements UpstreamPart {
	}

	/** The status and headers of a streamed answer; {@link Chunk}s follow. */
	record Head(int status, HttpHeaders headers) implements UpstreamPart {
	}

	/** One network read of a streamed answer, copied out of Netty's buffer. */
	record Chunk(byte[] bytes) implements UpstreamPart {
	}
}
