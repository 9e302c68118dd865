package io.llmgateway.gateway.support;

import java.nio.channels.ClosedChannelException;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;

/**
 * A test filter for the race in which the client closes its connection just as the answer is written: every write
 * of the response fails as Netty fails it then, with a closed channel. Deterministic where a real socket is not.
 */
public class ClientGoneOnWriteGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	public static final String PATH = "/client-gone/v1/chat/completions";

	public ClientGoneOnWriteGatewayFilterFactory() {
		super(Object.class);
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> chain.filter(exchange.mutate()
			.response(new ServerHttpResponseDecorator(exchange.getResponse()) {

				@Override
				public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
					return Mono.error(new ClosedChannelException());
				}

				@Override
				public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
					return Mono.error(new ClosedChannelException());
				}
			})
			.build());
	}
}
