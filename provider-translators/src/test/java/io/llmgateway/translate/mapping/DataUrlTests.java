package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 2397 parsing, including each case where the three parsers this class replaced used to disagree. */
class DataUrlTests {

	static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

	@Test
	void base64WithDeclaredType() {
		DataUrl d = DataUrl.parse("data:image/png;base64,iVBORw0KGgo=", "image_url");
		assertThat(d.mediaType()).isEqualTo("image/png");
		assertThat(d.declaredType()).isEqualTo("image/png");
		assertThat(d.base64()).isEqualTo("iVBORw0KGgo=");
		assertThat(d.toUrl()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
	}

	@Test
	void schemeTypeAndBase64MarkerAreCaseInsensitive() {
		// the native codecs used to accept only a lower-case "data:" and treat this as a remote URL
		DataUrl d = DataUrl.parse("DATA:Image/PNG;BASE64," + PNG, "image_url");
		assertThat(d.mediaType()).isEqualTo("image/png");
		assertThat(d.base64()).isEqualTo(PNG);
		assertThat(DataUrl.isDataUrl("Data:,x")).isTrue();
		assertThat(DataUrl.isDataUrl("https://example.com/a.png")).isFalse();
		assertThat(DataUrl.isDataUrl(null)).isFalse();
	}

	@Test
	void omittedTypeIsTheRfcDefaultButImagesAreSniffed() {
		// one parser said text/plain, one application/octet-stream, one the empty string
		DataUrl text = DataUrl.parse("data:,Hello%20World", "x");
		assertThat(text.declaredType()).isNull();
		assertThat(text.mediaType()).isEqualTo("text/plain");
		assertThat(decoded(text)).isEqualTo("Hello World");
		assertThat(text.imageType()).isNull();

		DataUrl image = DataUrl.parse("data:;base64," + PNG, "image_url");
		assertThat(image.mediaType()).isEqualTo("text/plain");
		assertThat(image.imageType()).isEqualTo("image/png");
	}

	@Test
	void typeParametersAreDroppedAndTypeLowerCased() {
		// the native codecs used to pass "image/png;name=dot.png" on as the media type
		DataUrl d = DataUrl.parse("data:Image/PNG;name=dot.png;base64," + PNG, "image_url");
		assertThat(d.mediaType()).isEqualTo("image/png");
		DataUrl charset = DataUrl.parse("data:text/plain;charset=US-ASCII,hi", "x");
		assertThat(charset.mediaType()).isEqualTo("text/plain");
		assertThat(decoded(charset)).isEqualTo("hi");
	}

	@Test
	void percentDecodingIsUrlOctetsNotFormDecoding() {
		// form decoding turned '+' into a space and could not carry bytes that are not UTF-8
		assertThat(decoded(DataUrl.parse("data:,a+b%2Bc", "x"))).isEqualTo("a+b+c");
		DataUrl binary = DataUrl.parse("data:application/octet-stream,%FF%00%e9", "x");
		assertThat(Base64.getDecoder().decode(binary.base64())).containsExactly(0xFF, 0x00, 0xE9);
		assertThat(decoded(DataUrl.parse("data:,caf\u00e9", "x"))).isEqualTo("caf\u00e9");
	}

	@Test
	void percentEncodedBase64IsDecoded() {
		assertThat(DataUrl.parse("data:image/png;base64,iVBORw0KGgo%3D", "x").base64()).isEqualTo("iVBORw0KGgo=");
	}

	@Test
	void nonBase64DataIsInlinedNotTreatedAsARemoteUrl() {
		// the OpenAI reader used to keep a non-base64 data URL as a URL to fetch
		ContentPart.Image img = DataUrl.image("data:image/svg+xml,%3Csvg%2F%3E", "low", "image_url");
		assertThat(img.isUrl()).isFalse();
		assertThat(img.mediaType()).isEqualTo("image/svg+xml");
		assertThat(new String(Base64.getDecoder().decode(img.base64()), StandardCharsets.UTF_8)).isEqualTo("<svg/>");
		assertThat(img.detail()).isEqualTo("low");
		assertThat(DataUrl.image("https://x/a.png", null, "image_url").url()).isEqualTo("https://x/a.png");
	}

	@Test
	void imagePartsCarryTheTypeTheBytesShow() {
		assertThat(DataUrl.image("data:image/jpeg;base64," + PNG, null, "p").mediaType()).isEqualTo("image/png");
		assertThat(DataUrl.image("data:image/jpg;base64,AAAAAAAAAAAAAAAAAAAA", null, "p").mediaType())
			.isEqualTo("image/jpeg");
	}

	@Test
	void malformedUrlsAreA400NamingTheParameter() {
		assertThatThrownBy(() -> DataUrl.parse("data:image/png;base64", "messages[0].content[1].image_url.url"))
			.isInstanceOf(LlmException.class)
			.satisfies(ex -> assertThat(((LlmException) ex).error().param())
				.isEqualTo("messages[0].content[1].image_url.url"));
		assertThatThrownBy(() -> DataUrl.parse("data:,%G1", "x")).isInstanceOf(LlmException.class)
			.hasMessageContaining("percent-escape");
		assertThatThrownBy(() -> DataUrl.parse("data:,abc%4", "x")).isInstanceOf(LlmException.class);
		assertThatThrownBy(() -> DataUrl.parse("https://x,y", "x")).isInstanceOf(LlmException.class);
	}

	private static String decoded(DataUrl d) {
		return new String(Base64.getDecoder().decode(d.base64()), StandardCharsets.UTF_8);
	}
}
