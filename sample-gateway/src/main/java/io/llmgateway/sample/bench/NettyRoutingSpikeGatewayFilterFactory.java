package io.llmgateway.sample.bench;

import java.net.URI;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.translate.codec.EncodeOptions;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/**
 * The benchmark's spike of design 1 in docs/architecture.md ("Upstream calls"): instead of {@code LlmTranslate},
 * let Spring Cloud Gateway's {@code NettyRoutingFilter} send the provider call. Runs at order 10001, right after
 * {@link RouteToRequestUrlFilter}: sets {@code GATEWAY_REQUEST_URL_ATTR} to the deployment's URL and replaces the
 * headers and body with the adapter's. The response goes back untouched through {@code NettyWriteResponseFilter}
 * (no usage observation, no error translation), so its numbers are a lower bound for the cost of design 1.
 * Registered only with the {@code bench} profile; name {@code LlmNettyRoutingSpike}.
 */
public class NettyRoutingSpikeGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final ProviderRegistry providers;

	public NettyRoutingSpikeGatewayFilterFactory(ProviderRegistry providers) {
		super(Object.class);
		this.providers = providers;
	}

	@Override
	public String name() {
		return "LlmNettyRoutingSpike";
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			LlmExchange llm = LlmExchange.require(exchange);
			Deployment deployment = llm.group().deployments().get(0);
			llm.deployment(deployment);
			ProviderAdapter adapter = providers.get(deployment.provider());
			return adapter.prepareChat(deployment, llm.request(), EncodeOptions.forModel(deployment.model()))
				.flatMap(call -> {
					URI uri = call.uri();
					exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, uri);
					byte[] body = call.body();
					ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
						@Override
						public HttpHeaders getHeaders() {
							HttpHeaders headers = new HttpHeaders();
							headers.putAll(call.headers());
							headers.setContentLength(body.length);
							return headers;
						}

						@Override
						public Flux<DataBuffer> getBody() {
							return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body));
						}
					};
					llm.markUpstreamSent();
					return chain.filter(exchange.mutate().request(request).build());
				});
		}, RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1);
	}
}
