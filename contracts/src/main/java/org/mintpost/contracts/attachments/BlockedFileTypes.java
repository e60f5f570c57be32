package org.mintpost.contracts.attachments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The attachments the platform refuses, by file name, by declared MIME type and by content: executables, scripts,
 * installers and shortcuts, the kinds the large mailbox providers block. The Sending API and the SMTP relay both ask
 * {@link #refusal}; {@code GET /v1/blocked-file-types} publishes the two lists.
 */
public final class BlockedFileTypes {

    /** File name extensions, lower case, without the dot. */
    public static final List<String> EXTENSIONS = List.copyOf(new TreeSet<>(Set.of(
            "ade", "adp", "apk", "app", "appx", "appxbundle", "bat", "cab", "chm", "cmd", "com", "cpl", "diagcab",
            "diagcfg", "diagpack", "dll", "dmg", "ex_", "exe", "gadget", "hta", "inf", "ins", "isp", "iso", "jar",
            "jnlp", "js", "jse", "lib", "lnk", "mde", "msc", "msi", "msix", "msixbundle", "msp", "mst", "nsh",
            "pif", "ps1", "psm1", "reg", "scr", "sct", "shb", "sys", "vb", "vbe", "vbs", "vhd", "vhdx", "vxd",
            "wsc", "wsf", "wsh", "xll")));

    /** Declared content types, lower case, without parameters. */
    public static final List<String> MIME_TYPES = List.copyOf(new TreeSet<>(Set.of(
            "application/hta", "application/java-archive", "application/javascript", "application/x-bat",
            "application/x-dosexec", "application/x-elf", "application/x-executable", "application/x-java-archive",
            "application/x-mach-binary", "application/x-ms-installer", "application/x-ms-shortcut",
            "application/x-msdos-program", "application/x-msdownload", "application/x-msi",
            "application/x-sh", "application/x-sharedlib", "application/x-vbscript",
            "application/vnd.microsoft.portable-executable", "application/vnd.ms-cab-compressed", "text/javascript",
            "text/vbscript")));

    /** How many leading bytes of the content {@link #refusal} looks at. */
    public static final int SNIFF_BYTES = 512;

    private static final Set<String> EXTENSION_SET = Set.copyOf(EXTENSIONS);
    private static final Set<String> MIME_TYPE_SET = Set.copyOf(MIME_TYPES);

    private BlockedFileTypes() {
    }

    /**
     * Why an attachment is refused, or null when it is not.
     *
     * @param filename the attachment's name (may be null)
     * @param contentType its declared type, parameters allowed (may be null)
     * @param head the first bytes of its decoded content, up to {@link #SNIFF_BYTES} (may be empty)
     */
    public static String refusal(String filename, String contentType, byte[] head) {
        String extension = extension(filename);
        if (extension != null && EXTENSION_SET.contains(extension)) {
            return "files of type ." + extension + " cannot be attached";
        }
        String type = bareType(contentType);
        if (type != null && MIME_TYPE_SET.contains(type)) {
            return "files of type " + type + " cannot be attached";
        }
        String sniffed = sniff(head == null ? new byte[0] : head);
        return sniffed == null ? null : "the content is " + sniffed + ", which cannot be attached";
    }

    /** What the content's first bytes show it to be, when that is a blocked kind; null otherwise. */
    static String sniff(byte[] b) {
        if (startsWith(b, 'M', 'Z') && binary(b, 64)) {
            return "a Windows executable";
        }
        if (startsWith(b, 0x7f, 'E', 'L', 'F')) {
            return "an ELF executable";
        }
        if (startsWith(b, 0xfe, 0xed, 0xfa, 0xce) || startsWith(b, 0xfe, 0xed, 0xfa, 0xcf)
                || startsWith(b, 0xce, 0xfa, 0xed, 0xfe) || startsWith(b, 0xcf, 0xfa, 0xed, 0xfe)) {
            return "a Mach-O executable";
        }
        if (startsWith(b, 0xca, 0xfe, 0xba, 0xbe)) {
            return "a Java class or a Mach-O executable";
        }
        if (startsWith(b, '#', '!')) {
            return "a script";
        }
        if (startsWith(b, 'P', 'K', 3, 4) && new String(b, StandardCharsets.ISO_8859_1).contains("META-INF/")) {
            return "a Java archive";
        }
        if (startsWith(b, 'L', 0, 0, 0, 1, 0x14, 2, 0)) {
            return "a Windows shortcut";
        }
        return null;
    }

    /** Whether the first {@code n} bytes hold a control byte no text has (a DOS header always does). */
    private static boolean binary(byte[] b, int n) {
        for (int i = 0; i < Math.min(n, b.length); i++) {
            int c = b[i] & 0xff;
            if (c < 0x09 || (c > 0x0d && c < 0x20)) {
                return true;
            }
        }
        return false;
    }

    private static String extension(String filename) {
        if (filename == null) {
            return null;
        }
        String name = filename.strip().toLowerCase(Locale.ROOT);
        while (name.endsWith(".") || name.endsWith(" ")) {
            name = name.substring(0, name.length() - 1);
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }

    private static String bareType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
