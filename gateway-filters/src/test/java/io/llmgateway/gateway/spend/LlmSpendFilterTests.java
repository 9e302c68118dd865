package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.spend.budget.BudgetPeriod;
import io.llmgateway.gateway.spend.budget.BudgetScope;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.budget.HoldEstimator;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

/** The LlmSpend filter and its completion listener, driven with an LlmExchange built by hand. */
class LlmSpendFilterTests {

	private final List<LlmAlert> alerts = new ArrayList<>();

	private final BudgetTracker budgets = new BudgetTracker(List.of(), usd("0.8"), Clock.systemUTC(), alerts::add);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SpendRecorder recorder = new SpendRecorder(SpendFixtures.catalog(), budgets, null,
			new SpendMetrics(registry, null), false);

	private final GatewayFilter filter = new LlmSpendGatewayFilterFactory(recorder, budgets,
			new HoldEstimator(SpendFixtures.catalog(), TokenEstimator.standard(), 256), false)
		.apply(new LlmSpendGatewayFilterFactory.Config());

	private final Deployment gpt4o = SpendFixtures.deployment("gpt-4o", "openai", "gpt-4o");

	@Test
	void nonStreamedAnswerCarriesItsCostAndIsCharged() {
		Identity caller = new Identity("k1", null, "u1", "t1", Set.of(), null, null, Map.of(), false);
		ServerWebExchange exchange = exchange(request(false), caller);
		LlmExchange llm = LlmExchange.get(exchange);
		filter.filter(exchange, answer(new Usage(1000, 500, 0, 0, 0), "{\"ok\":true}")).block();
		llm.complete(Completion.SUCCESS);
		assertThat(exchange.getResponse().getHeaders().getFirst(LlmSpendGatewayFilterFactory.COST_HEADER))
			.isEqualTo("0.0075");
		assertThat(llm.cost()).isEqualByComparingTo("0.0075");
		assertThat(budgets.spent(BudgetScope.TEAM, "t1", BudgetPeriod.TOTAL, java.time.Instant.now()).block())
			.isEqualByComparingTo("0.0075");
		assertThat(registry.get("llm.spend.cost").tag("model", "gpt-4o").tag("team", "t1").counter().count())
			.isEqualTo(0.0075);
		assertThat(registry.get("llm.spend.tokens").tag("type", "output").counter().count()).isEqualTo(500);
	}

	@Test
	void nonStreamedAnswerIsPricedOnceForItsCostHeaderAndItsLedgerRow() {
		ServerWebExchange exchange = exchange(request(false), Identity.ANONYMOUS);
		LlmExchange llm = LlmExchange.get(exchange);
		filter.filter(exchange, answer(new Usage(1000, 500, 0, 0, 0), "{}")).block();
		SpendRecorder.Priced forHeader = recorder.price(llm);
		llm.complete(Completion.SUCCESS);
		assertThat(recorder.price(llm)).isSameAs(forHeader);
		assertThat(llm.cost()).isSameAs(forHeader.cost());
		llm.usage(new Usage(2000, 500, 0, 0, 0));
		assertThat(recorder.price(llm).cost()).isEqualByComparingTo("0.01");
	}

	@Test
	void cacheHitCostsNothingAndRecordsTheSaving() {
		ServerWebExchange exchange = exchange(request(false), Identity.ANONYMOUS);
		LlmExchange llm = LlmExchange.get(exchange);
		llm.cacheStatus(CacheStatus.HIT);
		filter.filter(exchange, answer(new Usage(1000, 500, 0, 0, 0), "{}")).block();
		llm.complete(Completion.SUCCESS);
		assertThat(exchange.getResponse().getHeaders().getFirst(LlmSpendGatewayFilterFactory.COST_HEADER))
			.isEqualTo("0");
		assertThat(llm.cost()).isEqualByComparingTo("0");
		assertThat(llm.cacheSaving()).isEqualByComparingTo("0.0075");
	}

	@Test
	void hardBudgetRejectsBeforeDispatchInTheClientsProtocol() {
		Identity caller = new Identity("k2", null, null, null, Set.of(), null,
				new Identity.Budget(usd("0.001"), null, "daily"), Map.of(), false);
		budgets.settle(null, caller, null, usd("0.001"), "earlier").block();
		ServerWebExchange exchange = exchange(request(false), caller);
		LlmExchange llm = LlmExchange.get(exchange);
		boolean[] dispatched = { false };
		filter.filter(exchange, e -> {
			dispatched[0] = true;
			return Mono.empty();
		}).block();
		assertThat(dispatched[0]).isFalse();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isNotNull();
		String body = ((org.springframework.mock.http.server.reactive.MockServerHttpResponse) exchange.getResponse())
			.getBodyAsString()
			.block();
		assertThat(body).isEqualTo("fake-error:budget_exceeded:429");
		llm.complete(Completion.FAILED);
		assertThat(llm.cost()).isEqualByComparingTo("0");
	}

	@Test
	void streamCutBeforeUsageIsChargedForWhatWasSent() {
		ServerWebExchange exchange = exchange(request(true), Identity.ANONYMOUS);
		LlmExchange llm = LlmExchange.get(exchange);
		String chunk = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hello world \"}}]}\n\n";
		GatewayFilterChain streaming = e -> e.getResponse()
			.writeAndFlushWith(Flux.range(0, 10)
				.map(i -> Mono.just(e.getResponse().bufferFactory().wrap(chunk.getBytes(StandardCharsets.UTF_8)))));
		filter.filter(exchange, streaming).block();
		llm.complete(Completion.CANCELLED);
		// "hello world " ten times: 21 tokens in o200k_base; the prompt "Say hi" is 2 tokens + 3 per message + 3
		assertThat(llm.usage()).isEqualTo(new Usage(8, 21, 0, 0, 0));
		assertThat(llm.cost()).isEqualByComparingTo(usd("0.00000250").multiply(BigDecimal.valueOf(8))
			.add(usd("0.00001").multiply(BigDecimal.valueOf(21))));
	}

	@Test
	void streamWithReportedUsageIsChargedAsReported() {
		ServerWebExchange exchange = exchange(request(true), Identity.ANONYMOUS);
		LlmExchange llm = LlmExchange.get(exchange);
		filter.filter(exchange, e -> {
			LlmExchange.get(e).usage(new Usage(100, 10, 0, 0, 0));
			return e.getResponse().writeAndFlushWith(Flux.just(Mono.just(e.getResponse().bufferFactory()
				.wrap("data: {\"choices\":[{\"delta\":{\"content\":\"a b c d e f g h i j\"}}]}\n\n"
					.getBytes(StandardCharsets.UTF_8)))));
		}).block();
		llm.complete(Completion.SUCCESS);
		assertThat(llm.usage()).isEqualTo(new Usage(100, 10, 0, 0, 0));
		assertThat(llm.cost()).isEqualByComparingTo("0.00035");
		assertThat(exchange.getResponse().getHeaders().containsHeader(LlmSpendGatewayFilterFactory.COST_HEADER))
			.isFalse();
	}

	private ServerWebExchange exchange(ChatRequest request, Identity identity) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/v1/chat/completions").build());
		LlmExchange llm = new LlmExchange("req-" + System.nanoTime(), Protocol.OPENAI, new FakeCodec(), new byte[0],
				request);
		llm.identity(identity);
		llm.group(new ModelGroup("gpt-4o", List.of(gpt4o)));
		exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
		return exchange;
	}

	private GatewayFilterChain answer(Usage usage, String body) {
		return e -> {
			LlmExchange llm = LlmExchange.get(e);
			llm.deployment(gpt4o);
			llm.usage(usage);
			llm.status(200);
			DataBuffer buffer = e.getResponse().bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
			return e.getResponse().writeWith(Mono.just(buffer));
		};
	}

	private static ChatRequest request(boolean stream) {
		ChatRequest r = new ChatRequest();
		r.model("gpt-4o");
		r.messages().add(Message.text(Role.USER, "Say hi"));
		r.stream(stream);
		return r;
	}

	/** Renders errors as a recognisable line instead of a real protocol. */
	static final class FakeCodec implements ClientCodec {

		@Override
		public Protocol protocol() {
			return Protocol.OPENAI;
		}

		@Override
		public ChatRequest decodeRequest(byte[] body) {
			throw new IllegalStateException("not used");
		}

		@Override
		public byte[] encodeResponse(ChatResponse response, String clientModel) {
			return "{}".getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
			return event -> null;
		}

		@Override
		public byte[] encodeError(LlmError error) {
			return ("fake-error:" + error.code() + ":" + error.status()).getBytes(StandardCharsets.UTF_8);
		}
	}
}
