/**
 * The {@code milkid} command line: thin picocli commands that parse options into typed configs and call one library entry point each.
 */
package org.milkid.cli;
