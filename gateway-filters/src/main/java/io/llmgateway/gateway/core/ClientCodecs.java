package io.llmgateway.gateway.core;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;

/**
 * The client-side codecs by protocol, built from every {@link ClientCodec} bean: adding a client protocol is adding a
 * bean. A later bean for the same protocol replaces an earlier one, so an application can override a built-in codec.
 */
public final class ClientCodecs {

	private final Map<Protocol, ClientCodec> codecs = new EnumMap<>(Protocol.class);

	public ClientCodecs(Collection<? extends ClientCodec> codecs) {
		for (ClientCodec codec : codecs) {
			this.codecs.put(codec.protocol(), codec);
		}
	}

	/** The codec for this protocol, or null when none is registered. */
	public ClientCodec get(Protocol protocol) {
		return codecs.get(protocol);
	}

	public boolean supports(Protocol protocol) {
		return codecs.containsKey(protocol);
	}

	public Map<Protocol, ClientCodec> asMap() {
		return Map.copyOf(codecs);
	}
}
