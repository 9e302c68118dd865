package io.llmgateway.sample.bench;

import io.llmgateway.gateway.core.ProviderRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Beans of the {@code bench} profile only (see bench/run.sh). */
@Configuration(proxyBeanMethods = false)
@Profile("bench")
public class BenchConfiguration {

	@Bean
	NettyRoutingSpikeGatewayFilterFactory llmNettyRoutingSpike(ProviderRegistry providers) {
		return new NettyRoutingSpikeGatewayFilterFactory(providers);
	}

	@Bean
	RouterFunction<ServerResponse> benchJvmCostProbe() {
		return JvmCostProbe.routes();
	}
}
