package org.mintpost.gateway.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.mintpost.contracts.attachments.BlockedFileTypes;

/**
 * Walks a relayed message's MIME tree (Apache James mime4j, nested messages included) and asks
 * {@link BlockedFileTypes} about every attachment: by file name, declared type and the first decoded bytes. Body
 * parts without a file name are judged by their declared type only, so a text body is never sniffed.
 */
final class AttachmentScan {

    private static final MimeConfig CONFIG = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderCount(-1)
            .setMaxHeaderLen(-1).setStrictParsing(false).build();

    private AttachmentScan() {
    }

    /** Why the message is refused ("report.exe: files of type .exe cannot be attached"), or null. */
    static String refusal(byte[] mime) {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        stream.parse(new ByteArrayInputStream(mime));
        Part part = new Part();
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_START_HEADER) {
                    part = new Part();
                } else if (state == EntityState.T_FIELD) {
                    part.read(stream.getField());
                } else if (state == EntityState.T_BODY) {
                    String refusal = part.refusal(stream);
                    if (refusal != null) {
                        return refusal;
                    }
                }
            }
        } catch (MimeException | IOException | RuntimeException e) {
            return null; // not MIME we can walk: what we could read held nothing blocked, never a 5xx of ours
        }
        return null;
    }

    /** What one entity's header says about it. */
    private static final class Part {
        /** RFC 2231 section 3: a long name split over {@code filename*0*}, {@code filename*1*}, … */
        private static final Pattern CONTINUATION = Pattern.compile("^(file)?name\\*\\d+\\*?$");

        private String filename;
        private String contentType;
        private boolean attachment;

        void read(Field field) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            if (!name.equals("content-type") && !name.equals("content-disposition")) {
                return;
            }
            RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(field.getName(), field.getBody()));
            if (name.equals("content-type")) {
                contentType = body.getValue();
            } else {
                attachment = "attachment".equalsIgnoreCase(body.getValue());
            }
            StringBuilder continued = new StringBuilder();
            for (NameValuePair param : body.getParams()) {
                String key = param.getName().toLowerCase(Locale.ROOT);
                boolean wanted = key.startsWith("filename") || (key.startsWith("name") && filename == null);
                if (!wanted || param.getValue() == null) {
                    continue;
                }
                if (CONTINUATION.matcher(key).matches()) {
                    continued.append(decode(key, param.getValue()));
                    filename = continued.toString();
                } else {
                    filename = decode(key, param.getValue());
                }
            }
        }

        String refusal(MimeTokenStream stream) throws IOException {
            if (filename == null && !attachment) {
                String byType = BlockedFileTypes.refusal(null, contentType, new byte[0]);
                return byType == null ? null : "a part: " + byType;
            }
            byte[] head;
            try (InputStream in = stream.getDecodedInputStream()) {
                head = in.readNBytes(BlockedFileTypes.SNIFF_BYTES);
            }
            String refusal = BlockedFileTypes.refusal(filename, contentType, head);
            return refusal == null ? null : (filename == null ? "an attachment" : filename) + ": " + refusal;
        }

        /** RFC 2231 ({@code filename*=utf-8''setup%2Eexe}) and RFC 2047 encoded words. */
        private static String decode(String key, String value) {
            if (key.endsWith("*")) {
                int quote = value.indexOf('\'', value.indexOf('\'') + 1);
                String encoded = quote < 0 ? value : value.substring(quote + 1);
                try {
                    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return encoded;
                }
            }
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        }
    }
}
