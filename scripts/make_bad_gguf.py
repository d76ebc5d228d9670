#!/usr/bin/env python3
"""Writes a damaged copy of a GGUF model for bad-input tests.

    make_bad_gguf.py KIND GOOD.gguf OUT

KIND: not-gguf, truncated, bad-version, huge-count, tensor-past-end, unknown-type,
missing-tensor, unsupported-arch. Each file is damaged in exactly one way.
"""
import struct
import sys

import gguf


def tensor_info_positions(reader: "gguf.GGUFReader", name: str):
    """(offset of the type field, offset of the data-offset field) of a tensor's info."""
    for t in reader.tensors:
        if t.name == name:
            pos = t.field.offset
            name_len = struct.unpack_from("<Q", reader.data, pos)[0]
            pos += 8 + name_len
            n_dims = struct.unpack_from("<I", reader.data, pos)[0]
            pos += 4 + 8 * n_dims
            return pos, pos + 4
    sys.exit(f"no tensor {name}")


def main() -> None:
    kind, good, out = sys.argv[1:4]
    data = bytearray(open(good, "rb").read())
    if kind == "not-gguf":
        data = bytearray(b"this is a text file, not a model\n" * 8)
    elif kind == "truncated":
        data = data[: len(data) // 3]
    elif kind == "bad-version":
        struct.pack_into("<I", data, 4, 99)
    elif kind == "huge-count":
        struct.pack_into("<Q", data, 8, 1 << 60)  # tensor count
    elif kind in ("tensor-past-end", "unknown-type"):
        reader = gguf.GGUFReader(good)
        type_at, offset_at = tensor_info_positions(reader, "blk.0.ffn_down.weight")
        if kind == "unknown-type":
            struct.pack_into("<I", data, type_at, 99)
        else:
            struct.pack_into("<Q", data, offset_at, len(data) * 4)
    elif kind == "missing-tensor":
        reader = gguf.GGUFReader(good)
        w = gguf.GGUFWriter(out, reader.fields["general.architecture"].contents())
        copy_fields(reader, w)
        for t in reader.tensors:
            if t.name != "blk.0.ffn_down.weight":
                w.add_tensor(t.name, t.data, raw_shape=list(t.data.shape), raw_dtype=t.tensor_type)
        finish(w)
        return
    elif kind == "unsupported-arch":
        reader = gguf.GGUFReader(good)
        w = gguf.GGUFWriter(out, "falcon")
        copy_fields(reader, w)
        for t in reader.tensors:
            w.add_tensor(t.name, t.data, raw_shape=list(t.data.shape), raw_dtype=t.tensor_type)
        finish(w)
        return
    else:
        sys.exit(f"unknown kind {kind}")
    open(out, "wb").write(data)


def copy_fields(reader, w) -> None:
    for field in reader.fields.values():
        if field.name.startswith("GGUF.") or field.name == "general.architecture":
            continue
        value = field.contents()
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            w.add_key_value(field.name, value, vtype, sub_type=field.types[1])
        else:
            w.add_key_value(field.name, value, vtype)


def finish(w) -> None:
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
