// A Durable Object storage fake over a Map, with the same batch limits (128 keys) and an optional failure switch.
export class MemoryStorage {
  constructor() {
    this.map = new Map();
    this.operations = 0;
  }
  async get(keyOrKeys) {
    this.operations++;
    if (Array.isArray(keyOrKeys)) {
      if (keyOrKeys.length > 128) throw new Error("get: more than 128 keys");
      const found = new Map();
      for (const key of keyOrKeys) if (this.map.has(key)) found.set(key, structuredClone(this.map.get(key)));
      return found;
    }
    return this.map.has(keyOrKeys) ? structuredClone(this.map.get(keyOrKeys)) : undefined;
  }
  async put(keyOrEntries, value) {
    this.operations++;
    if (typeof keyOrEntries === "string") {
      this.map.set(keyOrEntries, structuredClone(value));
      return;
    }
    const entries = Object.entries(keyOrEntries);
    if (entries.length > 128) throw new Error("put: more than 128 entries");
    for (const [key, v] of entries) this.map.set(key, structuredClone(v));
  }
  async delete(keyOrKeys) {
    this.operations++;
    const keys = Array.isArray(keyOrKeys) ? keyOrKeys : [keyOrKeys];
    if (keys.length > 128) throw new Error("delete: more than 128 keys");
    let n = 0;
    for (const key of keys) if (this.map.delete(key)) n++;
    return Array.isArray(keyOrKeys) ? n : n > 0;
  }
  keysWithPrefix(prefix) {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
