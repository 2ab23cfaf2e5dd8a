/**
 * The library example that the README shows; a test runs it.
 */
package org.milkid.example;
