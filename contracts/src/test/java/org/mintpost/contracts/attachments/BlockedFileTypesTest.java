package org.mintpost.contracts.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BlockedFileTypesTest {

    private static final byte[] PDF = "%PDF-1.7\n%\u00e2\u00e3".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void refusesByExtensionWhateverTheCaseOrTrailingDots() {
        assertEquals("files of type .exe cannot be attached", BlockedFileTypes.refusal("setup.EXE", null, PDF));
        assertNotNull(BlockedFileTypes.refusal("invoice.pdf.vbs", "application/pdf", PDF));
        assertNotNull(BlockedFileTypes.refusal("run.bat. ", null, new byte[0]));
        assertNull(BlockedFileTypes.refusal("invoice.pdf", "application/pdf", PDF));
        assertNull(BlockedFileTypes.refusal("README", null, "plain words".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesByDeclaredTypeWithParameters() {
        assertEquals("files of type application/x-msdownload cannot be attached",
                BlockedFileTypes.refusal("report.dat", "Application/X-MSDownload; name=report.dat", new byte[0]));
    }

    @Test
    void refusesByContentWhenNameAndTypeLie() {
        byte[] pe = new byte[128];
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[2] = (byte) 0x90;
        assertTrue(BlockedFileTypes.refusal("photo.jpg", "image/jpeg", pe).contains("Windows executable"));
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        assertTrue(BlockedFileTypes.refusal("notes.txt", "text/plain", elf).contains("ELF"));
        byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(BlockedFileTypes.refusal("notes.txt", "text/plain", script).contains("script"));
        byte[] jar = "PK\u0003\u0004....META-INF/MANIFEST.MF".getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(BlockedFileTypes.refusal("lib.zip", "application/zip", jar).contains("Java archive"));
    }

    @Test
    void textThatHappensToStartWithMzIsNotAnExecutable() {
        byte[] text = "MZ Tours: your booking for two nights".getBytes(StandardCharsets.US_ASCII);
        assertNull(BlockedFileTypes.refusal("booking.txt", "text/plain", text));
        byte[] zip = "PK\u0003\u0004....photos/one.jpg".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(BlockedFileTypes.refusal("photos.zip", "application/zip", zip));
    }

    @Test
    void listsAreSortedLowerCaseAndWithoutDots() {
        assertTrue(BlockedFileTypes.EXTENSIONS.contains("exe"));
        BlockedFileTypes.EXTENSIONS.forEach(e -> assertTrue(e.equals(e.toLowerCase()) && !e.startsWith(".")));
        BlockedFileTypes.MIME_TYPES.forEach(t -> assertTrue(t.equals(t.toLowerCase()) && t.contains("/")));
    }
}
