/// Keys and values of every processed position, per layer, in f16 (as llama.cpp keeps them by
/// default): `[position][kv_head × head_dim]`.
final class KVCache {
    let layers: Int
    let capacity: Int
    let keyWidth: Int
    let valueWidth: Int
    private let keys: UnsafeMutablePointer<UInt16>
    private let values: UnsafeMutablePointer<UInt16>

    init(layers: Int, capacity: Int, keyWidth: Int, valueWidth: Int) {
        self.layers = layers
        self.capacity = capacity
        self.keyWidth = keyWidth
        self.valueWidth = valueWidth
        keys = .allocate(capacity: layers * capacity * keyWidth)
        values = .allocate(capacity: layers * capacity * valueWidth)
        keys.initialize(repeating: 0, count: layers * capacity * keyWidth)
        values.initialize(repeating: 0, count: layers * capacity * valueWidth)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    func keys(layer: Int) -> UnsafeMutablePointer<UInt16> { keys + layer * capacity * keyWidth }
    func values(layer: Int) -> UnsafeMutablePointer<UInt16> { values + layer * capacity * valueWidth }
}
