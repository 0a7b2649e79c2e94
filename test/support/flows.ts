/** Inline flow texts for unit tests. */
export const WELCOME_FLOW = `
id: test-welcome
numbers: ["020202"]
language: it
prompts:
  welcome: Benvenuto.
  bye: Arrivederci.
start: welcome
nodes:
  welcome:
    type: play
    prompts: [welcome, bye]
    next: end
  end:
    type: hangup
`;
