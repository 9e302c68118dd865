package io.llmgateway.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.llmgateway.translate.anthropic.AnthropicClientCodec;
import io.llmgateway.translate.anthropic.AnthropicUpstreamCodec;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.gemini.GeminiUpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.StreamEvent;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.openai.OpenAiUpstreamCodec;
import io.llmgateway.translate.responses.ResponsesClientCodec;
import io.llmgateway.translate.responses.ResponsesUpstreamCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The translation cost per request, per response and per stream event, each direction. Requests: parse the client's
 * ~2 KB body and serialize it for the provider. Responses: parse the provider's answer and write it in the client's
 * protocol. Stream: one provider event (a text delta) through the provider's decoder (SSE framing included) and the
 * client's encoder, with both state machines already mid-stream.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslationBenchmarks {

	private static final ClientCodec OPENAI_CLIENT = new OpenAiClientCodec();

	private static final ClientCodec ANTHROPIC_CLIENT = new AnthropicClientCodec();

	private static final UpstreamCodec OPENAI = OpenAiUpstreamCodec.OPENAI;

	private static final UpstreamCodec ANTHROPIC = new AnthropicUpstreamCodec();

	private static final UpstreamCodec GEMINI = new GeminiUpstreamCodec();

	private static final ClientCodec RESPONSES_CLIENT = new ResponsesClientCodec();

	private static final UpstreamCodec RESPONSES = ResponsesUpstreamCodec.INSTANCE;

	/** The decoded Responses request the Responses client encoders echo (tools, instructions). */
	private static final ChatRequest RESPONSES_DECODED = RESPONSES_CLIENT.decodeRequest(Fixtures.RESPONSES_REQUEST);

	private static final EncodeOptions OPTIONS = new EncodeOptions("provider-model", false, true, 4096);

	// ---- requests: parse + translate a ~2 KB chat request

	@Benchmark
	public byte[] requestOpenAiToAnthropic() {
		return ANTHROPIC.encodeRequest(OPENAI_CLIENT.decodeRequest(Fixtures.OPENAI_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestOpenAiToGemini() {
		return GEMINI.encodeRequest(OPENAI_CLIENT.decodeRequest(Fixtures.OPENAI_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestAnthropicToOpenAi() {
		return OPENAI.encodeRequest(ANTHROPIC_CLIENT.decodeRequest(Fixtures.ANTHROPIC_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestAnthropicToGemini() {
		return GEMINI.encodeRequest(ANTHROPIC_CLIENT.decodeRequest(Fixtures.ANTHROPIC_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestAnthropicToAnthropicPassThrough() {
		return ANTHROPIC.encodeRequest(ANTHROPIC_CLIENT.decodeRequest(Fixtures.ANTHROPIC_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestResponsesToAnthropic() {
		return ANTHROPIC.encodeRequest(RESPONSES_CLIENT.decodeRequest(Fixtures.RESPONSES_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestResponsesToOpenAiChat() {
		return OPENAI.encodeRequest(RESPONSES_CLIENT.decodeRequest(Fixtures.RESPONSES_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestResponsesToGemini() {
		return GEMINI.encodeRequest(RESPONSES_CLIENT.decodeRequest(Fixtures.RESPONSES_REQUEST), OPTIONS);
	}

	@Benchmark
	public byte[] requestResponsesToResponsesPassThrough() {
		return RESPONSES.encodeRequest(RESPONSES_CLIENT.decodeRequest(Fixtures.RESPONSES_REQUEST), OPTIONS);
	}

	// ---- responses: decode the provider's answer, encode it for the client

	@Benchmark
	public byte[] responseAnthropicToOpenAi() {
		return OPENAI_CLIENT.encodeResponse(ANTHROPIC.decodeResponse(Fixtures.ANTHROPIC_RESPONSE), "alias");
	}

	@Benchmark
	public byte[] responseGeminiToOpenAi() {
		return OPENAI_CLIENT.encodeResponse(GEMINI.decodeResponse(Fixtures.GEMINI_RESPONSE), "alias");
	}

	@Benchmark
	public byte[] responseOpenAiToAnthropic() {
		return ANTHROPIC_CLIENT.encodeResponse(OPENAI.decodeResponse(Fixtures.OPENAI_RESPONSE), "alias");
	}

	@Benchmark
	public byte[] responseGeminiToAnthropic() {
		return ANTHROPIC_CLIENT.encodeResponse(GEMINI.decodeResponse(Fixtures.GEMINI_RESPONSE), "alias");
	}

	@Benchmark
	public byte[] responseAnthropicToResponses() {
		return RESPONSES_CLIENT.encodeResponse(ANTHROPIC.decodeResponse(Fixtures.ANTHROPIC_RESPONSE), "alias",
				RESPONSES_DECODED);
	}

	@Benchmark
	public byte[] responseOpenAiChatToResponses() {
		return RESPONSES_CLIENT.encodeResponse(OPENAI.decodeResponse(Fixtures.OPENAI_RESPONSE), "alias",
				RESPONSES_DECODED);
	}

	// ---- stream: one provider event through decoder and encoder, mid-stream

	/**
	 * One stream's decoder and encoder, brought into the "text block open" state once per iteration; each pair below
	 * only names its codecs and payloads.
	 */
	@State(Scope.Thread)
	public abstract static class StreamState {

		private final UpstreamCodec upstream;

		private final ClientCodec client;

		private final byte[] prologue;

		private final byte[] event;

		private final ChatRequest request;

		StreamDecoder decoder;

		StreamEncoder encoder;

		Blackhole blackhole;

		final Consumer<StreamEvent> sink = e -> blackhole.consume(encoder.encode(e));

		StreamState(UpstreamCodec upstream, ClientCodec client, byte[] prologue, byte[] event, ChatRequest request) {
			this.upstream = upstream;
			this.client = client;
			this.prologue = prologue;
			this.event = event;
			this.request = request;
		}

		@Setup(Level.Iteration)
		public void start(Blackhole blackhole) {
			this.blackhole = blackhole;
			decoder = upstream.newStreamDecoder(request);
			encoder = client.newStreamEncoder("alias", true, request);
			decoder.decode(ByteBuffer.wrap(prologue), sink);
		}

		void one() {
			decoder.decode(ByteBuffer.wrap(event), sink);
		}
	}

	public static class AnthropicToOpenAi extends StreamState {

		public AnthropicToOpenAi() {
			super(ANTHROPIC, OPENAI_CLIENT, Fixtures.ANTHROPIC_STREAM_START, Fixtures.ANTHROPIC_STREAM_EVENT,
					new ChatRequest());
		}
	}

	public static class AnthropicToAnthropic extends StreamState {

		public AnthropicToAnthropic() {
			super(ANTHROPIC, ANTHROPIC_CLIENT, Fixtures.ANTHROPIC_STREAM_START, Fixtures.ANTHROPIC_STREAM_EVENT,
					new ChatRequest());
		}
	}

	public static class GeminiToOpenAi extends StreamState {

		public GeminiToOpenAi() {
			super(GEMINI, OPENAI_CLIENT, Fixtures.GEMINI_STREAM_EVENT, Fixtures.GEMINI_STREAM_EVENT, new ChatRequest());
		}
	}

	public static class GeminiToAnthropic extends StreamState {

		public GeminiToAnthropic() {
			super(GEMINI, ANTHROPIC_CLIENT, Fixtures.GEMINI_STREAM_EVENT, Fixtures.GEMINI_STREAM_EVENT,
					new ChatRequest());
		}
	}

	public static class OpenAiToAnthropic extends StreamState {

		public OpenAiToAnthropic() {
			super(OPENAI, ANTHROPIC_CLIENT, Fixtures.OPENAI_STREAM_START, Fixtures.OPENAI_STREAM_EVENT,
					new ChatRequest());
		}
	}

	public static class AnthropicToResponses extends StreamState {

		public AnthropicToResponses() {
			super(ANTHROPIC, RESPONSES_CLIENT, Fixtures.ANTHROPIC_STREAM_START, Fixtures.ANTHROPIC_STREAM_EVENT,
					RESPONSES_DECODED);
		}
	}

	public static class OpenAiChatToResponses extends StreamState {

		public OpenAiChatToResponses() {
			super(OPENAI, RESPONSES_CLIENT, Fixtures.OPENAI_STREAM_START, Fixtures.OPENAI_STREAM_EVENT,
					RESPONSES_DECODED);
		}
	}

	/** A native Responses stream read into canonical events and written again (what retaining an answer costs). */
	public static class ResponsesToResponses extends StreamState {

		public ResponsesToResponses() {
			super(RESPONSES, RESPONSES_CLIENT, Fixtures.RESPONSES_STREAM_START, Fixtures.RESPONSES_STREAM_EVENT,
					RESPONSES_DECODED);
		}
	}

	@Benchmark
	public void streamEventAnthropicToResponses(AnthropicToResponses s) {
		s.one();
	}

	@Benchmark
	public void streamEventOpenAiChatToResponses(OpenAiChatToResponses s) {
		s.one();
	}

	@Benchmark
	public void streamEventResponsesToResponses(ResponsesToResponses s) {
		s.one();
	}

	@Benchmark
	public void streamEventAnthropicToOpenAi(AnthropicToOpenAi s) {
		s.one();
	}

	@Benchmark
	public void streamEventAnthropicToAnthropic(AnthropicToAnthropic s) {
		s.one();
	}

	@Benchmark
	public void streamEventGeminiToOpenAi(GeminiToOpenAi s) {
		s.one();
	}

	@Benchmark
	public void streamEventGeminiToAnthropic(GeminiToAnthropic s) {
		s.one();
	}

	@Benchmark
	public void streamEventOpenAiToAnthropic(OpenAiToAnthropic s) {
		s.one();
	}
}
