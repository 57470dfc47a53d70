// This file is yours: decide what CoolWidget replicates.
package cool_widget

const scope = ""
