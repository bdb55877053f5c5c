/**
 * File access every module shares: atomic replacement of directories of files, bounded reads,
 * confined names and one-line JSON error messages, so a bad or hostile file is rejected with a
 * message naming the problem and no write is ever seen half done.
 *
 * <p><b>Imports.</b> {@code kos.sim}, Jackson's core (error locations). Nothing above kernel-sim.
 */
package kos.sim.io;
