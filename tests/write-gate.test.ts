import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { GATE_SOURCE, pollSync, shutWriteGate, writeGate } from "../src/write-gate.ts";

const newGate = () => new Int32Array(new SharedArrayBuffer(8));

/**
 * A thread that writes through `gate` as the build's threads do: its "write" marks `marks[0]`
 * when it starts, holds on for `holdMs`, then marks `marks[1]`. It answers whether the write ran.
 */
function writer(gate: Int32Array, marks: Int32Array, holdMs: number): Promise<boolean> {
  const source = `
const { parentPort, workerData: { gate, marks, holdMs } } = require("node:worker_threads");
${GATE_SOURCE}
parentPort.postMessage(through(gate, () => {
  Atomics.store(marks, 0, 1);
  Atomics.notify(marks, 0);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
  Atomics.store(marks, 1, 1);
}));
`;
  const worker = new Worker(source, { eval: true, workerData: { gate, marks, holdMs } });
  return new Promise((done, fail) => {
    worker.once("message", (ran: boolean) => void worker.terminate().then(() => done(ran)));
    worker.once("error", fail);
  });
}

describe("the write gate", () => {
  it("waits, when shut, for a write under way on another thread", async () => {
    const gate = newGate();
    const marks = new Int32Array(new SharedArrayBuffer(8));
    const ran = writer(gate, marks, 300);
    // Until the write has started.
    while (Atomics.load(marks, 0) === 0) Atomics.wait(marks, 0, 0, 50);
    expect(shutWriteGate(gate)).toBe(true);
    // Shut returned only once the write had ended.
    expect(Atomics.load(marks, 1)).toBe(1);
    expect(await ran).toBe(true);
  });

  it("lets no write start once shut", async () => {
    const gate = newGate();
    const marks = new Int32Array(new SharedArrayBuffer(8));
    expect(shutWriteGate(gate)).toBe(true);
    expect(await writer(gate, marks, 0)).toBe(false);
    expect([...marks]).toEqual([0, 0]);
  });

  it("says so when a write outlasts the wait", async () => {
    const gate = newGate();
    const marks = new Int32Array(new SharedArrayBuffer(8));
    const ran = writer(gate, marks, 600);
    while (Atomics.load(marks, 0) === 0) Atomics.wait(marks, 0, 0, 50);
    expect(shutWriteGate(gate, 50)).toBe(false);
    expect(Atomics.load(marks, 1)).toBe(0);
    expect(await ran).toBe(true);
  });

  it("is one per process, whichever copy of the module asks", async () => {
    expect(writeGate()).toBe(writeGate());
    // A second copy of the module (as launch.mjs's two bundles hold) finds the same gate.
    vi.resetModules();
    const copy = await import("../src/write-gate.ts");
    expect(copy.writeGate).not.toBe(writeGate);
    expect(copy.writeGate()).toBe(writeGate());
  });
});

describe("pollSync (the clean-up's waits, with no event loop)", () => {
  it("asks until it is told true, sleeping between asks", () => {
    let asks = 0;
    const started = performance.now();
    expect(pollSync(() => ++asks === 3, 20, 1000)).toBe(true);
    expect(asks).toBe(3);
    // Two sleeps of 20 ms came between the three asks.
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("gives up after its time, with the last answer", () => {
    let asks = 0;
    expect(pollSync(() => (asks++, false), 10, 50)).toBe(false);
    // One ask every 10 ms for 50 ms, and a last one.
    expect(asks).toBe(6);
  });
});

