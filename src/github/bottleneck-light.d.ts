// The plugins load Bottleneck's light build (no Redis clustering); the client uses the same one, so a bundle
// carries one copy. It is the full build's API without clustering, so the full build's types describe it.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
