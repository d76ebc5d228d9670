import FoundryCore

extension ServerSession {
    /// `conversation.item.create`: a typed message joins the conversation.
    package func createItem(_ item: RealtimeItem, eventID: String?) {
        guard item.type == "message", let role = item.role.flatMap(ChatMessage.Role.init(rawValue:)), role != .tool else {
            sendError(code: "invalid_value", "this server takes message items with role user, assistant or system", param: "item.type", eventID: eventID)
            return
        }
        let id = item.id ?? "item_" + Self.randomID()
        guard !items.contains(where: { $0.id == id }) else {
            sendError(code: "item_id_exists", "an item with id '\(id)' already exists", param: "item.id", eventID: eventID)
            return
        }
        items.append(ConversationEntry(id: id, role: role, text: item.text, audioMs: 0))
        var stored = item
        stored.id = id
        stored.status = .completed
        send(.itemAdded(stored, previousItemID: items.dropLast().last?.id))
        send(.itemDone(stored))
    }

    /// `conversation.item.truncate`: the client played only `audioEndMs` of an assistant item, so
    /// the server keeps only the part of its transcript that was heard.
    package func truncate(itemID: String, contentIndex: Int, audioEndMs: Int, eventID: String?) {
        guard let index = items.firstIndex(where: { $0.id == itemID }) else {
            sendError(code: "item_truncate_invalid_item_id", "Item with item_id not found: \(itemID)", param: "item_id", eventID: eventID)
            return
        }
        guard items[index].role == .assistant, contentIndex == 0 else {
            sendError(code: "invalid_value", "only an assistant message's audio can be truncated", param: "item_id", eventID: eventID)
            return
        }
        let total = items[index].audioMs
        guard audioEndMs >= 0, Double(audioEndMs) <= total + 1 else {
            sendError(code: "invalid_value", "audio_end_ms \(audioEndMs) is beyond the item's \(Int(total.rounded())) ms of audio", param: "audio_end_ms", eventID: eventID)
            return
        }
        items[index].text = Self.heardPart(of: items[index].text, fraction: total > 0 ? Double(audioEndMs) / total : 0)
        items[index].audioMs = Double(audioEndMs)
        send(.itemTruncated(itemID: itemID, contentIndex: contentIndex, audioEndMs: audioEndMs))
    }

    /// The words of `text` spoken in its first `fraction` (speech time taken as proportional to characters).
    package static func heardPart(of text: String, fraction: Double) -> String {
        guard fraction < 1 else { return text }
        let keep = Int((Double(text.count) * max(0, fraction)).rounded())
        let prefix = text.prefix(keep)
        guard keep < text.count else { return text }
        if let space = prefix.lastIndex(of: " ") { return String(prefix[..<space]) }
        return ""
    }

    /// `conversation.item.delete`.
    package func deleteItem(_ itemID: String, eventID: String?) {
        guard let index = items.firstIndex(where: { $0.id == itemID }) else {
            sendError(code: "item_delete_invalid_item_id", "Item with item_id not found: \(itemID)", param: "item_id", eventID: eventID)
            return
        }
        items.remove(at: index)
        send(.itemDeleted(itemID: itemID))
    }
}
