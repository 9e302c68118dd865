package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.List;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.translate.UpstreamClient;
import io.llmgateway.gateway.translate.UpstreamPart;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Role;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Optional background health checks ({@code llm.router.health.enabled}): every interval, each deployment gets a
 * minimal chat call (one user word, one output token). A failure counts like a live failure (it can start a
 * cooldown); a success clears the failure count. Results show in {@code /health}.
 */
public class HealthChecker implements InitializingBean, DisposableBean {

	private final RouterProperties.Health settings;

	private final ModelRegistry models;

	private final ProviderRegistry providers;

	private final UpstreamClient client;

	private final CooldownTracker cooldowns;

	private final DeploymentStats stats;

	private Disposable schedule;

	public HealthChecker(RouterProperties.Health settings, ModelRegistry models, ProviderRegistry providers,
			UpstreamClient client, CooldownTracker cooldowns, DeploymentStats stats) {
		this.settings = settings;
		this.models = models;
		this.providers = providers;
		this.client = client;
		this.cooldowns = cooldowns;
		this.stats = stats;
	}

	@Override
	public void afterPropertiesSet() {
		schedule = Flux.interval(Duration.ZERO, settings.interval())
			.onBackpressureDrop()
			.concatMap(tick -> checkAll())
			.subscribe();
	}

	@Override
	public void destroy() {
		if (schedule != null) {
			schedule.dispose();
		}
	}

	Mono<Void> checkAll() {
		// a wildcard deployment (model "*") has no model to ping: live traffic alone tells its health
		List<Deployment> all = models.groups()
			.stream()
			.flatMap(g -> g.deployments().stream())
			.filter(d -> d.model().indexOf('*') < 0)
			.toList();
		return Flux.fromIterable(all).flatMap(this::check, 4).then();
	}

	Mono<Boolean> check(Deployment deployment) {
		ProviderAdapter adapter = providers.get(deployment.provider());
		if (adapter == null) {
			return Mono.just(false);
		}
		ChatRequest ping = new ChatRequest().model(deployment.group()).maxTokens(1);
		ping.messages().add(io.llmgateway.translate.model.Message.text(Role.USER, "ping"));
		return adapter.prepareChat(deployment, ping, new EncodeOptions(deployment.model(), true, false, 1))
			.flatMap(call -> client.send(deployment, call).next())
			.timeout(settings.timeout())
			.map(part -> status(part) < 400)
			.onErrorReturn(false)
			.doOnNext(ok -> {
				stats.outcome(deployment.id(), ok, ok ? null : "health check failed");
				if (ok) {
					cooldowns.recordSuccess(deployment.id());
				}
				else {
					cooldowns.recordFailure(deployment.id(), FailureClass.SERVER_ERROR, null);
				}
			});
	}

	private static int status(UpstreamPart part) {
		if (part instanceof UpstreamPart.Whole w) {
			return w.status();
		}
		if (part instanceof UpstreamPart.Head h) {
			return h.status();
		}
		return 502;
	}
}
