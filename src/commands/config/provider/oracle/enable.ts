import { oracle } from '../../../../cli/provider-commands.js'

export default oracle.Enable
