package app.duet.export;

import app.duet.model.AccountSummary;
import app.duet.model.Attachment;
import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.Quote;
import app.duet.model.User;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The export's pages, readable in any browser offline: UTF-8, no script, nothing fetched from
 * anywhere (pictures are the ZIP's own files), every text of a user's escaped ({@link #esc}) and
 * marked {@code dir="auto"} so Arabic or Hebrew reads right to left.
 */
final class Html {
    private Html() { }

    private static final String STYLE = """
            <style>
            body{font:15px/1.45 system-ui,sans-serif;max-width:46rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1f;background:#fff}
            h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
            .msg{margin:.6rem 0;padding:.5rem .7rem;border-radius:.6rem;background:#f1f2f4;max-width:80%}
            .msg.mine{margin-left:auto;background:#dcf3e4}
            .meta{font-size:.78rem;color:#55575e}.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
            .quote{border-left:3px solid #8a8d96;padding-left:.5rem;color:#44464d;font-size:.88rem;margin:.2rem 0}
            .recalled{font-style:italic;color:#55575e}img{max-width:100%;height:auto;max-height:24rem;object-fit:contain;display:block;margin:.3rem 0}
            </style>
            """;

    /** Escapes text for HTML content and quoted attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title dir=\"auto\">" + esc(title) + "</title>\n" + STYLE + "</head>\n<body>\n";
    }

    static String end() {
        return "</body>\n</html>\n";
    }

    private static String chatHref(User peer) {
        return "chats/" + URLEncoder.encode(peer.username(), StandardCharsets.UTF_8) + ".html";
    }

    static String indexStart(AccountSummary a, String exportedAt) {
        User u = a.user();
        return head("Duet: " + u.name())
                + "<h1 dir=\"auto\">" + esc(u.name()) + "</h1>\n"
                + "<p>Username: <b>" + esc(u.username()) + "</b> · account made " + esc(DataExport.shown(a.createdAt()))
                + " · exported " + esc(exportedAt) + "</p>\n"
                + "<p>Also in this folder: profile.json, contacts.json and chats/*.json (the same data for programs), "
                + "files/ (pictures and files), README.txt.</p>\n";
    }

    static String people(String title, List<User> users) {
        StringBuilder b = new StringBuilder("<h2>").append(esc(title)).append("</h2>\n");
        if (users.isEmpty()) return b.append("<p>None.</p>\n").toString();
        b.append("<ul>\n");
        for (User u : users) {
            b.append("<li><span dir=\"auto\">").append(esc(u.name())).append("</span> (").append(esc(u.username())).append(")</li>\n");
        }
        return b.append("</ul>\n").toString();
    }

    static String chatLinks(List<ChatBox> boxes) {
        StringBuilder b = new StringBuilder("<h2>Chats</h2>\n");
        if (boxes.isEmpty()) return b.append("<p>None.</p>\n").toString();
        b.append("<ul>\n");
        for (ChatBox box : boxes) {
            b.append("<li><a href=\"").append(esc(chatHref(box.peer()))).append("\"><span dir=\"auto\">")
                    .append(esc(box.peer().name())).append("</span> (").append(esc(box.peer().username())).append(")</a></li>\n");
        }
        return b.append("</ul>\n").toString();
    }

    static String chatStart(User owner, ChatBox box) {
        StringBuilder b = new StringBuilder(head("Duet: " + box.peer().name()));
        b.append("<p><a href=\"../index.html\">All chats</a></p>\n");
        b.append("<h1><span dir=\"auto\">").append(esc(box.peer().name())).append("</span> (")
                .append(esc(box.peer().username())).append(")</h1>\n");
        b.append("<p class=\"meta\">").append(esc(owner.username())).append("'s copy of this chat");
        if (box.settings().pinned()) b.append(" · pinned");
        if (box.settings().muted()) b.append(" · muted");
        if (box.unread() > 0) b.append(" · ").append(box.unread()).append(" unread");
        return b.append("</p>\n").toString();
    }

    static String chatEnd() {
        return end();
    }

    static String message(User owner, User peer, Message m) {
        boolean mine = m.from() == owner.id();
        User sender = mine ? owner : peer;
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"msg").append(mine ? " mine" : "").append("\" id=\"m").append(m.seq()).append("\">\n");
        b.append("<div class=\"meta\"><span dir=\"auto\">").append(esc(sender.name())).append("</span> · ")
                .append(esc(DataExport.shown(m.sentAt()))).append("</div>\n");
        Quote q = m.replyTo();
        if (q != null) {
            b.append("<div class=\"quote\">");
            switch (q.state()) {
                case SHOWN -> b.append("<a href=\"#m").append(q.seq()).append("\">↩</a> <span dir=\"auto\">")
                        .append(esc(q.from() == owner.id() ? owner.name() : peer.name())).append("</span>: <span dir=\"auto\">")
                        .append(esc(q.text())).append("</span>");
                case RECALLED -> b.append("↩ a recalled message");
                case MISSING, UNRESOLVED -> b.append("↩ a message not in this copy");
            }
            b.append("</div>\n");
        }
        if (m.recalled()) {
            b.append("<p class=\"recalled\">").append(esc(sender.name())).append(" recalled this message (")
                    .append(esc(DataExport.shown(m.recalledAt()))).append(")</p>\n");
        } else {
            if (!m.text().isEmpty()) b.append("<p class=\"text\" dir=\"auto\">").append(esc(m.text())).append("</p>\n");
            for (Attachment a : m.attachments()) {
                String href = esc(DataExport.fileHref(a));
                if (a.isImage()) {
                    b.append("<a href=\"").append(href).append("\"><img src=\"").append(href).append("\" alt=\"")
                            .append(esc(a.name())).append("\" width=\"").append(a.width()).append("\" height=\"")
                            .append(a.height()).append("\"></a>\n");
                } else {
                    b.append("<p><a href=\"").append(href).append("\" download><span dir=\"auto\">").append(esc(a.name()))
                            .append("</span></a> (").append(a.size()).append(" bytes)</p>\n");
                }
            }
        }
        return b.append("</div>\n").toString();
    }
}
